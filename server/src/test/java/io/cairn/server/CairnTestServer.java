package io.cairn.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settings for an in-JVM Cairn with its own embedded backends on free ports and a fresh data directory. Each Spring
 * test context that registers them gets a directory and ports of its own, so two contexts alive in one JVM never
 * collide; test classes mark themselves {@code @DirtiesContext} so that only one full server runs at a time.
 */
public final class CairnTestServer {

    public static final String ROOT_ID = "root";
    public static final String ROOT_SECRET = "test-root-secret";

    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

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

    /**
     * A free port below Linux's ephemeral range (32768-60999). A port the kernel hands out for {@code bind(0)} comes
     * from that range, and so do the local ports of outgoing connections: between closing the probe and the backend's
     * own bind, a connection could take it ("Elasticsearch HTTP port ... is already in use", seen once in CI). No port
     * is handed out twice in one JVM.
     */
    public static synchronized int freePort() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (HANDED_OUT.add(port) && canBind(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cairn-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
