package io.cairn.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.urn.Urn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphStoreTest {

    private static final Actor WRITER = Actor.client("writer", Role.WRITER);

    @TempDir
    static Path dataDir;
    static MetadataFixture fixture;

    @BeforeAll
    static void start() {
        fixture = MetadataFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Units that share a group commit fail alone: their writes and change events vanish, the others' stay. */
    @Test
    void aFailingUnitRollsBackAloneAndOnlyItsCallerSeesTheFailure() throws Exception {
        String marker = UUID.randomUUID().toString();
        int units = 64;
        ExecutorService pool = Executors.newFixedThreadPool(units);
        CountDownLatch ready = new CountDownLatch(units);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < units; i++) {
                int index = i;
                outcomes.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    try {
                        return fixture.store().write(WRITER, unit -> {
                            Urn urn = Urn.dataset(UUID.randomUUID());
                            unit.tx().run("CREATE (:Probe {marker: $marker, index: $index, urn: $urn})",
                                    Map.of("marker", marker, "index", index, "urn", urn.toString())).consume();
                            unit.recordChange(new ChangeDraft(urn, "probe", 1, ChangeType.UPSERT, null, "{}"));
                            if (index % 3 == 0) {
                                throw new IllegalArgumentException("unit " + index + " refuses");
                            }
                            return "ok " + index;
                        });
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (int i = 0; i < units; i++) {
                assertThat(outcomes.get(i).get()).isEqualTo(i % 3 == 0 ? "unit " + i + " refuses" : "ok " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> stored = fixture.store().read(tx -> tx.run("MATCH (p:Probe {marker: $marker}) RETURN p.index AS i ORDER BY i",
                Map.of("marker", marker)).list(record -> record.get("i").asLong()));
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < units; i++) {
            if (i % 3 != 0) {
                expected.add(i);
            }
        }
        assertThat(stored).containsExactlyElementsOf(expected);
        long events = fixture.store().read(tx -> tx.run("""
                MATCH (p:Probe {marker: $marker}) MATCH (c:ChangeEvent {urn: p.urn}) RETURN count(c) AS n
                """, Map.of("marker", marker)).single().get("n").asLong());
        assertThat(events).isEqualTo(expected.size());
        List<Long> seqs = fixture.store().read(tx -> tx.run("MATCH (c:ChangeEvent) RETURN c.seq AS seq ORDER BY seq")
                .list(record -> record.get("seq").asLong()));
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("sequence numbers have no gaps").isEqualTo(i + 1L);
        }
    }

    @Test
    void aUnitCannotStartANestedWrite() {
        IllegalStateException nested = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
                fixture.store().write(WRITER, unit -> fixture.store().write(WRITER, inner -> "never")));
        assertThat(nested).hasMessageContaining("cannot start another write");
    }

    @Test
    void findNodeOverBoltMatchesEveryKeyPropertyAndMapsMissingOnesToNull() {
        fixture.store().writeBookkeeping(tx -> tx.run("""
                CREATE (:Probe {ns: 'a', name: 'x', kind: 'table', sizes: [1, 2]}), (:Probe {ns: 'b', name: 'x', kind: 'view'}),
                       (:Probe {ns: 'c', name: 'twin'}), (:Probe {ns: 'c', name: 'twin'})
                """).consume());

        assertThat(fixture.store().findNode("Probe", Map.of("ns", "a", "name", "x"), List.of("kind", "sizes", "missing")))
                .hasValueSatisfying(node -> assertThat(node)
                        .containsEntry("kind", "table").containsEntry("sizes", List.of(1L, 2L)).containsEntry("missing", null));
        assertThat(fixture.store().findNode("Probe", Map.of("ns", "b", "name", "x"), List.of())).contains(Map.of());
        assertThat(fixture.store().findNode("Probe", Map.of("ns", "z", "name", "x"), List.of("kind"))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> fixture.store().findNode("Probe", Map.of("ns", "c", "name", "twin"), List.of("kind")))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> fixture.store().findNode("Probe) DETACH DELETE n //", Map.of("ns", "a"), List.of("kind")))
                .as("names are interpolated into the statement, so only plain identifiers pass")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
