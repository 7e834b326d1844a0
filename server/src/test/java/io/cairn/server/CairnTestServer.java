package io.cairn.server;

import io.cairn.e2e.CairnPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settings for an in-JVM Cairn with its own embedded backends on free ports and a fresh data directory. Each Spring
 * test context that registers them gets a directory and ports of its own, so two contexts alive in one JVM never
 * collide; test classes mark themselves {@code @DirtiesContext} so that only one full server runs at a time.
 */
public final class CairnTestServer {

    public static final String ROOT_ID = "root";
    public static final String ROOT_SECRET = "test-root-secret";

    private CairnTestServer() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        Path dataDir = createDataDir();
        registry.add("cairn.data-dir", dataDir::toString);
        registry.add("cairn.root-credential", () -> ROOT_ID + ":" + ROOT_SECRET);
        registry.add("cairn.max-request-size", () -> "1MB");
        // Chosen once here: a supplier is asked again on every read of its property.
        int neo4j = freePort();
        int elasticsearch = freePort();
        int kafka = freePort();
        int kafkaController = freePort();
        int hms = freePort();
        registry.add("cairn.embedded.neo4j-port", () -> neo4j);
        registry.add("cairn.embedded.elasticsearch-port", () -> elasticsearch);
        registry.add("cairn.embedded.kafka-port", () -> kafka);
        registry.add("cairn.embedded.kafka-controller-port", () -> kafkaController);
        // The metastore listens on 9083 by default, which parallel test servers (and a real metastore) would share.
        registry.add("cairn.hms.port", () -> hms);
    }

    /** A free port outside the kernel's ephemeral range (see {@link CairnPorts#freePort()}). */
    public static int freePort() {
        return CairnPorts.freePort();
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cairn-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
