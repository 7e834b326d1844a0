package io.cairn.metadata.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
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
import org.neo4j.driver.Record;

/** Changes logged with {@link ChangeDraft#NEXT_VERSION} get versions that strictly increase per URN, in seq order. */
class ChangeVersionTest {

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

    @Test
    void changesToOneUrnInOneMillisecondStillGetIncreasingVersions() throws Exception {
        Urn urn = Urn.dataset(UUID.randomUUID());
        Urn other = Urn.dataset(UUID.randomUUID());
        int units = 24;
        ExecutorService pool = Executors.newFixedThreadPool(units);
        CountDownLatch ready = new CountDownLatch(units);
        List<Future<?>> done = new ArrayList<>();
        try {
            // Concurrent units share group commits and clock readings; each logs two changes to the same URN.
            for (int i = 0; i < units; i++) {
                done.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return fixture.store().write(WRITER, unit -> {
                        unit.recordChange(new ChangeDraft(urn, "a", ChangeDraft.NEXT_VERSION, ChangeType.UPSERT, null, "{}"));
                        unit.recordChange(new ChangeDraft(urn, "b", ChangeDraft.NEXT_VERSION, ChangeType.UPSERT, null, "{}"));
                        unit.recordChange(new ChangeDraft(other, "a", ChangeDraft.NEXT_VERSION, ChangeType.UPSERT, null, "{}"));
                        return null;
                    });
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (Urn each : List.of(urn, other)) {
            List<Record> events = fixture.store().read(tx -> tx.run(
                    "MATCH (c:ChangeEvent {urn: $urn}) RETURN c.seq AS seq, c.version AS version, c.at AS at ORDER BY seq",
                    Map.of("urn", each.toString())).list());
            assertThat(events).hasSize(each.equals(urn) ? 2 * units : units);
            long previous = Long.MIN_VALUE;
            for (Record event : events) {
                long version = event.get("version").asLong();
                assertThat(version).as("version after %d", previous).isGreaterThan(previous);
                // Versions stay in the time domain: never below the commit time they were logged at.
                assertThat(version).isGreaterThanOrEqualTo(event.get("at").asLong());
                previous = version;
            }
        }
    }

    @Test
    void explicitVersionsAreKeptAsGiven() {
        Urn urn = Urn.dataset(UUID.randomUUID());
        fixture.store().write(WRITER, unit -> {
            unit.recordChange(new ChangeDraft(urn, "aspect", 7, ChangeType.UPSERT, null, "{}"));
            return null;
        });
        List<Long> versions = fixture.store().read(tx -> tx.run("MATCH (c:ChangeEvent {urn: $urn}) RETURN c.version AS v",
                Map.of("urn", urn.toString())).list(r -> r.get("v").asLong()));
        assertThat(versions).containsExactly(7L);
    }
}
