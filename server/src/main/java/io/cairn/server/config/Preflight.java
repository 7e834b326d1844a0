package io.cairn.server.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The checks that run before anything starts, so that the usual mistakes (a port taken, a data directory held by
 * another Cairn, a misspelt role) end in one line that says what to do, not in a stack trace.
 */
public final class Preflight {

    private Preflight() {
    }

    public static DataDirLock check(CairnSettings settings) {
        try {
            settings.activeRoles();
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        requirePortFree("0.0.0.0", settings.port(), "Cairn HTTP", "CAIRN_PORT");
        if (settings.activeRoles().contains(CairnRole.CATALOG)) {
            HmsConfiguration.serverSettings(settings);
            if (settings.hms().port() != 0) {
                requirePortFree(settings.hms().host(), settings.hms().port(), "Hive Metastore Thrift API", "CAIRN_HMS_PORT");
            }
        }
        CairnSettings.Embedded embedded = settings.embedded();
        if (!settings.neo4j().external()) {
            requirePortFree(embedded.host(), embedded.neo4jPort(), "embedded Neo4j Bolt", "CAIRN_EMBEDDED_NEO4J_PORT");
        }
        if (!settings.elasticsearch().external()) {
            requirePortFree(embedded.host(), embedded.elasticsearchPort(), "embedded Elasticsearch HTTP", "CAIRN_EMBEDDED_ELASTICSEARCH_PORT");
        }
        if (!settings.kafka().external()) {
            requirePortFree(embedded.host(), embedded.kafkaPort(), "embedded Kafka broker", "CAIRN_EMBEDDED_KAFKA_PORT");
            requirePortFree(embedded.host(), embedded.kafkaControllerPort(), "embedded Kafka controller", "CAIRN_EMBEDDED_KAFKA_CONTROLLER_PORT");
        }
        return DataDirLock.acquire(settings.absoluteDataDir());
    }

    private static void requirePortFree(String host, int port, String what, String variable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupException("port " + port + " (" + what + ") is already in use; stop the process that holds it or set "
                    + variable + " to another port");
        }
    }
}
