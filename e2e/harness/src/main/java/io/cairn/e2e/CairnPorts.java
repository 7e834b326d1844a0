package io.cairn.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ports one Cairn process listens on: HTTP, the Hive Metastore Thrift API and the embedded backends. */
public record CairnPorts(int http, int hms, int neo4j, int elasticsearch, int kafka, int kafkaController) {

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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
