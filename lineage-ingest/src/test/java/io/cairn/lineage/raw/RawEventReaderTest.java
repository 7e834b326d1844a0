package io.cairn.lineage.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.lineage.LineageFixture;
import io.cairn.lineage.read.BoundedReads;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept raw events against a real Neo4j: stored compressed, read back verbatim by event time, a page at a time. */
class RawEventReaderTest {

    private static final Actor WRITER = Actor.client("raw-event-test", Role.WRITER);
    private static final Instant FROM = Instant.EPOCH;
    private static final Instant UNTIL = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    static Path dataDir;

    static LineageFixture fixture;
    static RawEventReader reader;

    @BeforeAll
    static void start() {
        fixture = LineageFixture.start(dataDir);
        reader = new RawEventReader(new BoundedReads(fixture.store(), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void wipe() {
        fixture.wipe();
    }

    @Test
    void keepsEachEventCompressedAndReadsItBackAsSent() {
        List<String> sent = List.of(event("2026-11-21T10:00:00Z", "START"), event("2026-11-21T10:00:05Z", "COMPLETE"));
        ingest(sent);

        assertThat(reader.list(FROM, UNTIL, true, 10, 0).events()).containsExactlyElementsOf(sent);
        Map<String, Object> stored = fixture.store().read(tx -> tx.run("""
                MATCH (r:RawLineageEvent) WHERE r.eventTime = $at
                RETURN r.body AS body, r.bodyGzip AS compressed
                """, Map.of("at", Instant.parse("2026-11-21T10:00:05Z").toEpochMilli())).single().asMap());
        assertThat(stored.get("body")).as("no uncompressed copy").isNull();
        byte[] compressed = (byte[]) stored.get("compressed");
        assertThat(compressed.length).isPositive().isLessThan(sent.get(1).getBytes(StandardCharsets.UTF_8).length);
        assertThat(RawEventBodies.decompress(compressed)).isEqualTo(sent.get(1));

        ingest(sent);
        assertThat(reader.list(FROM, UNTIL, true, 10, 0).totalCount()).as("a replay stores nothing new").isEqualTo(2);
    }

    @Test
    void listsARangeOfEventTimesNewestFirstInPagesThatNeitherOverlapNorSkip() {
        List<String> sent = new ArrayList<>();
        for (int second = 0; second < 6; second++) {
            // two events a second: ties on event time must still page cleanly
            sent.add(event("2026-11-21T10:00:0" + second + "Z", "START"));
            sent.add(event("2026-11-21T10:00:0" + second + "Z", "COMPLETE"));
        }
        ingest(sent);

        Instant after = Instant.parse("2026-11-21T10:00:01Z");
        Instant before = Instant.parse("2026-11-21T10:00:05Z");
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 8; offset += 3) {
            RawEventPage page = reader.list(after, before, false, 3, offset);
            assertThat(page.totalCount()).as("the whole range, not the page").isEqualTo(8);
            paged.addAll(page.events());
        }
        assertThat(paged).as("after is inclusive, before exclusive; newest first")
                .containsExactlyInAnyOrderElementsOf(sent.subList(2, 10))
                .doesNotHaveDuplicates();
        assertThat(paged.get(0)).contains("10:00:04Z");
        assertThat(paged.get(7)).contains("10:00:01Z");

        assertThat(reader.list(FROM, UNTIL, true, 2, 0).events()).allMatch(body -> body.contains("10:00:00Z"));
        assertThat(reader.list(FROM, UNTIL, false, 0, 0)).satisfies(page -> {
            assertThat(page.events()).isEmpty();
            assertThat(page.totalCount()).isEqualTo(12);
        });
        assertThat(reader.list(before, after, false, 10, 0).totalCount()).as("an empty range").isZero();
    }

    @Test
    void readsEventsKeptBeforeBodiesWereCompressed() {
        String legacy = event("2020-01-01T00:00:00Z", "COMPLETE");
        fixture.store().writeBookkeeping(tx -> tx.run("CREATE (:RawLineageEvent {id: 'legacy', body: $body, eventTime: $at, receivedAt: 0})",
                Map.of("body", legacy, "at", Instant.parse("2020-01-01T00:00:00Z").toEpochMilli())).consume());
        ingest(List.of(event("2026-11-21T10:00:00Z", "START")));

        assertThat(reader.list(FROM, UNTIL, true, 10, 0).events()).hasSize(2).first().isEqualTo(legacy);
    }

    @Test
    void refusesPagesOutOfBounds() {
        assertThatThrownBy(() -> reader.list(FROM, UNTIL, true, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.list(FROM, UNTIL, true, RawEventReader.MAX_PAGE + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.list(FROM, UNTIL, true, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void ingest(List<String> events) {
        String ndjson = String.join("\n", events) + "\n";
        fixture.writer().write(WRITER, fixture.bodies().batch(ndjson.getBytes(StandardCharsets.UTF_8)));
    }

    private static String event(String time, String type) {
        return ("{\"eventType\":\"%s\",\"eventTime\":\"%s\",\"producer\":\"https://example.com/raw\","
                + "\"run\":{\"runId\":\"%s\"},\"job\":{\"namespace\":\"raw\",\"name\":\"job\"},"
                + "\"inputs\":[{\"namespace\":\"db\",\"name\":\"src\"}],\"outputs\":[{\"namespace\":\"db\",\"name\":\"dst\"}]}")
                .formatted(type, time, UUID.randomUUID());
    }
}
