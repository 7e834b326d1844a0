package io.cairn.embedded.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Values;

class EmbeddedNeo4jTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsDataAcrossRestartAndFreesThePort() throws IOException {
        int port = freePort();
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dataDir, "127.0.0.1", port);
             Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            driver.executableQuery("CREATE (:Marker {name: $name})")
                    .withParameters(java.util.Map.of("name", "kept")).execute();
        }
        assertThat(canBind(port)).as("port free after close").isTrue();

        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dataDir, "127.0.0.1", port);
             Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            var names = driver.executableQuery("MATCH (m:Marker) RETURN m.name AS name").execute()
                    .records().stream().map(r -> r.get("name", Values.NULL).asString()).toList();
            assertThat(names).containsExactly("kept");
            // The in-process read sees what Bolt wrote, with the same plain values a driver record's asMap gives.
            driver.executableQuery("CREATE (:Marker {name: 'second', size: 2, tags: ['a', 'b']})").execute();
            assertThat(neo4j.read(null, "MATCH (m:Marker {name: $name}) RETURN m.name AS name, m.size AS size, m.tags AS tags",
                    java.util.Map.of("name", "second")))
                    .containsExactly(java.util.Map.of("name", "second", "size", 2L, "tags", java.util.List.of("a", "b")));
            assertThat(neo4j.read("neo4j", "MATCH (m:Marker) WHERE m.name = 'none' RETURN m.name AS name", java.util.Map.of())).isEmpty();
        }
    }

    @Test
    void portInUseFailsWithOneClearSentence() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedNeo4j.start(dataDir, "127.0.0.1", port))
                    .hasMessage("Neo4j Bolt port 127.0.0.1:" + port + " is already in use");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
