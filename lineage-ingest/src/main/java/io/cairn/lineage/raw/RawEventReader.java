package io.cairn.lineage.raw;

import io.cairn.lineage.read.BoundedReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;

/**
 * The raw OpenLineage events Cairn kept, by event time, a page at a time (Marquez's {@code GET /api/v1/events/lineage}):
 * an index range over {@code eventTime} ordered by it (ties by content hash, so pages do not overlap), so a page
 * costs its offset plus its size however many events are kept. Events stored before bodies were compressed still
 * carry a plain {@code body}; both read the same.
 */
public final class RawEventReader {

    public static final int MAX_PAGE = 1_000;

    private final BoundedReads reads;

    public RawEventReader(BoundedReads reads) {
        this.reads = reads;
    }

    /** Events with {@code after <= eventTime < before}, newest first unless {@code ascending}. */
    public RawEventPage list(Instant after, Instant before, boolean ascending, int limit, int offset) {
        if (limit < 0 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more");
        }
        if (!after.isBefore(before)) {
            return new RawEventPage(List.of(), 0);
        }
        Map<String, Object> range = Map.of("after", after.toEpochMilli(), "before", before.toEpochMilli(),
                "offset", offset, "limit", limit);
        return reads.read(deadline -> {
            List<String> events = new ArrayList<>();
            if (limit > 0) {
                deadline.tx().run("""
                        MATCH (r:RawLineageEvent)
                        WHERE r.eventTime >= $after AND r.eventTime < $before
                        RETURN r.bodyGzip AS gzip, r.body AS body
                        ORDER BY r.eventTime %s, r.id
                        SKIP $offset LIMIT $limit
                        """.formatted(ascending ? "ASC" : "DESC"), range).forEachRemaining(r -> events.add(body(r)));
            }
            long total = deadline.tx().run("""
                    MATCH (r:RawLineageEvent)
                    WHERE r.eventTime >= $after AND r.eventTime < $before
                    RETURN count(r) AS total
                    """, range).single().get("total").asLong();
            return new RawEventPage(events, total);
        });
    }

    private static String body(Record record) {
        return record.get("gzip").isNull() ? record.get("body").asString() : RawEventBodies.decompress(record.get("gzip").asByteArray());
    }
}
