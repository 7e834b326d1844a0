package io.cairn.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The ports one Cairn process listens on: HTTP, the Hive Metastore Thrift API and the embedded backends. */
public record CairnPorts(int http, int hms, int neo4j, int elasticsearch, int kafka, int kafkaController) {

    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    public static CairnPorts free() {
        return new CairnPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    public CairnPorts withHttp(int port) {
        return new CairnPorts(port, hms, neo4j, elasticsearch, kafka, kafkaController);
    }

    /** The environment that tells Cairn to use these ports. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CAIRN_PORT", Integer.toString(http));
        env.put("CAIRN_HMS_PORT", Integer.toString(hms));
        env.put("CAIRN_EMBEDDED_NEO4J_PORT", Integer.toString(neo4j));
        env.put("CAIRN_EMBEDDED_ELASTICSEARCH_PORT", Integer.toString(elasticsearch));
        env.put("CAIRN_EMBEDDED_KAFKA_PORT", Integer.toString(kafka));
        env.put("CAIRN_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaController));
        return env;
    }

    public boolean allFree() {
        return List.of(http, hms, neo4j, elasticsearch, kafka, kafkaController).stream().allMatch(CairnPorts::canBind);
    }

    public boolean embeddedFree() {
        return List.of(neo4j, elasticsearch, kafka, kafkaController).stream().allMatch(CairnPorts::canBind);
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999). A port the kernel hands out for {@code bind(0)} comes
     * from that range, and so do the local ports of outgoing connections: between closing the probe and the server's
     * own bind, a connection of the starting process could take it ("Port 39013 was already in use" for the HTTP port,
     * bound last, after the backends' clients had connected; "Elasticsearch HTTP port ... is already in use", seen in
     * CI). No port is handed out twice in one JVM.
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
}
