package io.cairn.lineage.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lineage.LineageFixture;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.raw.RawEventReader;
import io.cairn.lineage.read.BoundedReads;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw-event retention against a real Neo4j: old raw events go in small batches, the lineage graph stays whole. */
class RawEventPrunerTest {

    private static final Actor WRITER = Actor.client("retention-test", Role.WRITER);

    @TempDir
    static Path dataDir;

    static LineageFixture fixture;

    @BeforeAll
    static void start() {
        fixture = LineageFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void deletesOnlyRawEventsOlderThanTheRetentionInBatchesAndKeepsTheGraph() throws InterruptedException {
        fixture.wipe();
        fixture.writer().write(WRITER, events("old", 7));
        Thread.sleep(20);
        long boundary = System.currentTimeMillis();
        Thread.sleep(20);
        fixture.writer().write(WRITER, events("new", 3));
        assertThat(count("MATCH (r:RawLineageEvent) RETURN count(r)")).isEqualTo(20);

        Duration retention = Duration.ofDays(30);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(boundary).plus(retention), ZoneOffset.UTC);
        // A batch of 3 makes the pruner loop over several transactions for the 14 old events.
        RawEventPruner pruner = new RawEventPruner(fixture.store(), new RetentionSettings(retention, Duration.ofHours(1), 3), clock);
        assertThat(pruner.pruneNow()).isEqualTo(14);
        assertThat(pruner.prunedCount()).isEqualTo(14);

        assertThat(count("MATCH (r:RawLineageEvent) RETURN count(r)")).isEqualTo(6);
        List<String> kept = new RawEventReader(new BoundedReads(fixture.store(), Duration.ofSeconds(30)))
                .list(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), true, 100, 0).events();
        assertThat(kept).hasSize(6).noneMatch(body -> body.contains("\"retention-old\"")).allMatch(body -> body.contains("\"retention-new\""));
        assertThat(count("MATCH (r:Run)-[:RUN_OF]->(j:Job) WHERE j.namespace IN ['retention-old', 'retention-new'] AND r.state = 'COMPLETE' RETURN count(r)"))
                .as("the graph built from pruned events is untouched").isEqualTo(10);
        assertThat(count("MATCH (:Column)-[f:FEEDS]->(:Column) RETURN count(f)")).as("one edge per job").isEqualTo(10);
        assertThat(pruner.pruneNow()).as("a second run finds nothing more").isZero();
    }

    @Test
    void retentionZeroKeepsEverything() {
        fixture.wipe();
        fixture.writer().write(WRITER, events("forever", 2));
        RawEventPruner pruner = new RawEventPruner(fixture.store(), RetentionSettings.keepForever(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(10_000)));
        pruner.start();
        assertThat(pruner.pruneNow()).isZero();
        pruner.close();
        assertThat(count("MATCH (r:RawLineageEvent) RETURN count(r)")).isEqualTo(4);
    }

    private static long count(String cypher) {
        return fixture.store().read(tx -> tx.run(cypher).single().get(0).asLong());
    }

    private static List<LineageEvent> events(String tag, int runs) {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            UUID run = UUID.randomUUID();
            for (String type : List.of("START", "COMPLETE")) {
                ndjson.append(("{\"eventType\":\"%s\",\"eventTime\":\"2026-11-21T10:00:0%dZ\",\"producer\":\"https://example.com/t\","
                        + "\"run\":{\"runId\":\"%s\"},\"job\":{\"namespace\":\"retention-%s\",\"name\":\"job%d\"},"
                        + "\"inputs\":[{\"namespace\":\"db\",\"name\":\"src\"}],"
                        + "\"outputs\":[{\"namespace\":\"db\",\"name\":\"dst_%s\",\"facets\":{\"columnLineage\":{\"fields\":{\"c\":{\"inputFields\":"
                        + "[{\"namespace\":\"db\",\"name\":\"src\",\"field\":\"c\"}]}}}}}]}\n")
                        .formatted(type, type.equals("START") ? 0 : 1, run, tag, i, tag));
            }
        }
        return new ArrayList<>(fixture.bodies().batch(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
