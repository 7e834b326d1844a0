package io.cairn.server.bench;

import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

    public static String baseUri(ConfigurableApplicationContext cairn) {
        return "http://127.0.0.1:" + cairn.getEnvironment().getProperty("local.server.port");
    }

    public static String kafkaBootstrap(ConfigurableApplicationContext cairn) {
        return "127.0.0.1:" + cairn.getEnvironment().getProperty("cairn.embedded.kafka-port");
    }
}
