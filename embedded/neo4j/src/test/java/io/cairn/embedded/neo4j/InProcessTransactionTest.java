package io.cairn.embedded.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.NoSuchRecordException;
import org.neo4j.driver.exceptions.TransientException;

/** Statements run in process give what the same statements give over Bolt: records, values, errors. */
class InProcessTransactionTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedNeo4j neo4j;
    private static Driver driver;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        neo4j = EmbeddedNeo4j.start(dataDir, "127.0.0.1", port);
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        driver.executableQuery("CREATE CONSTRAINT thing_key IF NOT EXISTS FOR (t:Thing) REQUIRE t.key IS UNIQUE").execute();
    }

    @AfterAll
    static void stop() {
        driver.close();
        neo4j.close();
    }

    @Test
    void recordsAreTheSameAsOverBolt() {
        neo4j.write(null, tx -> tx.run("""
                CREATE (a:Thing:Other {key: 'a', size: 2, ratio: 0.5, tags: ['x', 'y'], sizes: [1, 2], flag: true})
                       -[:LINKS {weight: 3}]->(:Thing {key: 'b'})
                """).consume());
        String query = """
                MATCH (a:Thing {key: $key})-[l:LINKS]->(b)
                RETURN a, l, b.key AS b, a.tags AS tags, a.sizes AS sizes, {n: a.size, m: [a.ratio, null]} AS nested,
                       a.missing AS missing, $list AS echoed
                """;
        Map<String, Object> parameters = Map.of("key", "a", "list", List.of(1, "two", Map.of("three", 3)));
        List<Record> overBolt = driver.session().executeRead(tx -> tx.run(query, parameters).list());
        List<Record> inProcess = neo4j.readTransaction(null, tx -> tx.run(query, parameters).list());

        assertThat(inProcess).hasSize(1);
        assertThat(inProcess.get(0).keys()).isEqualTo(overBolt.get(0).keys());
        assertThat(inProcess.get(0).asMap()).isEqualTo(overBolt.get(0).asMap());
        Record row = inProcess.get(0);
        assertThat(row.get("a").asNode().labels()).containsExactlyInAnyOrder("Thing", "Other");
        assertThat(row.get("a").asNode().get("sizes").asList(v -> v.asLong())).containsExactly(1L, 2L);
        assertThat(row.get("a").asNode().elementId()).isEqualTo(overBolt.get(0).get("a").asNode().elementId());
        assertThat(row.get("l").asRelationship().type()).isEqualTo("LINKS");
        assertThat(row.get("l").asRelationship().startNodeElementId()).isEqualTo(row.get("a").asNode().elementId());
        assertThat(row.get("missing").isNull()).isTrue();
        assertThat(row.get("not a column")).isEqualTo(Values.NULL);
    }

    @Test
    void parametersPassedAsTheyAreOrConvertedGiveWhatTheyGiveOverBolt() {
        String query = "RETURN $plain AS plain, $driverValues AS driverValues, $set AS set";
        Map<String, Object> parameters = Map.of(
                "plain", List.of(Map.of("a", 1L, "b", List.of("x")), 2.5, true),
                "driverValues", List.of(Values.value("driver"), Map.of("v", Values.value(7))),
                "set", new java.util.TreeSet<>(List.of("p", "q")));
        Record overBolt = driver.session().executeRead(tx -> tx.run(query, parameters).single());
        Record inProcess = neo4j.readTransaction(null, tx -> tx.run(query, parameters).single());

        assertThat(inProcess.asMap()).isEqualTo(overBolt.asMap());
        assertThat(inProcess.get("driverValues").get(1).get("v").asLong()).isEqualTo(7L);
        assertThat(inProcess.get("set").asList(v -> v.asString())).containsExactly("p", "q");
        assertThat(inProcess.get("plain").get(0).get("b").asList(v -> v.asString())).containsExactly("x");
    }

    @Test
    void aFailedUnitLeavesNothingAndAClientErrorKeepsItsCode() {
        neo4j.write(null, tx -> tx.run("CREATE (:Thing {key: 'unique'})").consume());
        String boltCode = null;
        try (var session = driver.session()) {
            session.executeWrite(tx -> tx.run("CREATE (:Thing {key: 'unique'})").consume());
        } catch (ClientException e) {
            boltCode = e.code();
        }
        assertThat(boltCode).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");

        String code = boltCode;
        assertThatThrownBy(() -> neo4j.write(null, tx -> {
            tx.run("CREATE (:Thing {key: 'written then rolled back'})").consume();
            return tx.run("CREATE (:Thing {key: 'unique'})").consume();
        })).isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(neo4j.read(null, "MATCH (t:Thing {key: 'written then rolled back'}) RETURN t.key AS key", Map.of())).isEmpty();

        assertThatThrownBy(() -> neo4j.readTransaction(null, tx -> tx.run("RETURN 1 AS n UNION ALL RETURN 2 AS n").single()))
                .isInstanceOf(NoSuchRecordException.class);
        assertThatThrownBy(() -> neo4j.readTransaction(null, tx -> tx.run("RETURN 1 / $x AS n", Map.of("x", 0)).single()))
                .isInstanceOf(ClientException.class);
    }

    @Test
    void aTransientFailureRunsTheWholeUnitAgain() {
        AtomicInteger attempts = new AtomicInteger();
        long written = neo4j.write(null, tx -> {
            tx.run("CREATE (:Thing {key: 'attempt-' + $n})", Map.of("n", attempts.incrementAndGet())).consume();
            if (attempts.get() == 1) {
                throw new TransientException("Neo.TransientError.Transaction.DeadlockDetected", "deadlock (simulated)");
            }
            return tx.run("MATCH (t:Thing) WHERE t.key STARTS WITH 'attempt-' RETURN count(t) AS n").single().get("n").asLong();
        });
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(written).as("the first attempt was rolled back").isEqualTo(1);
        assertThat(neo4j.read(null, "MATCH (t:Thing {key: 'attempt-1'}) RETURN t.key AS key", Map.of())).isEmpty();
    }

    @Test
    void findNodeGivesTheNodesPropertiesAsTheBoltStatementDoes() {
        neo4j.write(null, tx -> tx.run("""
                CREATE (:Thing {key: 'found', kind: 'table', sizes: [1, 2], ratio: 0.25}), (:Thing {key: 'other', kind: 'view'})
                """).consume());
        List<String> properties = List.of("kind", "sizes", "ratio", "missing");
        Map<String, Object> overBolt = driver.session().executeRead(tx -> tx.run(
                "MATCH (n:Thing {key: $key}) RETURN n {.kind, .sizes, .ratio, .missing} AS node", Map.of("key", "found"))
                .single().get("node").asMap());

        assertThat(neo4j.findNode(null, "Thing", Map.of("key", "found"), properties)).contains(overBolt);
        assertThat(overBolt).containsEntry("sizes", List.of(1L, 2L)).containsEntry("missing", null);
        assertThat(neo4j.findNode(null, "Thing", Map.of("key", "absent"), properties)).isEmpty();
        assertThat(neo4j.findNode(null, "Thing", Map.of("key", "other", "kind", "table"), properties))
                .as("every key property must match").isEmpty();
    }

    @Test
    void findNodeRefusesAnAmbiguousKey() {
        neo4j.write(null, tx -> tx.run("CREATE (:Twin {name: 'same'}), (:Twin {name: 'same'})").consume());
        assertThatThrownBy(() -> neo4j.findNode(null, "Twin", Map.of("name", "same"), List.of("name")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than one :Twin");
    }
}
