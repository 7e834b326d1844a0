package io.cairn.server.bench;

import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cairn for a benchmark: the real server with its embedded Neo4j, Elasticsearch and Kafka in this JVM, on free ports
 * and a fresh data directory, with the test root credential ({@link CairnTestServer#ROOT_ID}).
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static ConfigurableApplicationContext start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", CairnTestServer.freePort());
        properties.put("cairn.data-dir", dir.toString());
        properties.put("cairn.root-credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET);
        properties.put("cairn.embedded.neo4j-port", CairnTestServer.freePort());
        properties.put("cairn.embedded.elasticsearch-port", CairnTestServer.freePort());
        properties.put("cairn.embedded.kafka-port", CairnTestServer.freePort());
        properties.put("cairn.embedded.kafka-controller-port", CairnTestServer.freePort());
        // The metastore's default port may be another process's.
        properties.put("cairn.hms.port", CairnTestServer.freePort());
        properties.put("cairn.hms.host", "127.0.0.1");
        // Iceberg logs every load and commit at INFO, and the reference catalog server shares this JVM's logger.
        properties.put("logging.level.org.apache.iceberg", "WARN");
        return new SpringApplicationBuilder(CairnApplication.class).properties(properties).run();
    }

    /**
     * A fresh directory for a benchmark's data, deleted when the JVM exits: a lineage or search run leaves gigabytes
     * (Neo4j, Elasticsearch and Kafka data), and a few runs kept in the temporary directory filled this machine's disk.
     * Close Cairn before exiting; the hook deletes files, it does not stop anything.
     */
    public static Path temporaryDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir), "bench-cleanup"));
        return dir;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    public static String baseUri(ConfigurableApplicationContext cairn) {
        return "http://127.0.0.1:" + cairn.getEnvironment().getProperty("local.server.port");
    }

    public static String kafkaBootstrap(ConfigurableApplicationContext cairn) {
        return "127.0.0.1:" + cairn.getEnvironment().getProperty("cairn.embedded.kafka-port");
    }
}
