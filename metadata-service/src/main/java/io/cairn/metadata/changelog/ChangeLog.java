package io.cairn.metadata.changelog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cairn.metadata.auth.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

/**
 * The transactional outbox. Events are numbered from one counter node: taking the next numbers write-locks that
 * node until the transaction commits, so sequence order is commit order and the relay can never see a later
 * event before an earlier one has committed. The lock is taken last in each unit of work to keep it short.
 */
public final class ChangeLog {

    public static final String SEQUENCE_NAME = "changelog";
    /** Summaries above this size are cut; the full value stays in the aspect history. */
    static final int MAX_SUMMARY_CHARS = 8_192;

    /** One unit of work's changes: who made them and when. */
    public record Entry(Actor actor, Instant at, List<ChangeDraft> changes) {
        public Entry {
            changes = List.copyOf(changes);
        }
    }

    public void append(TransactionContext tx, Actor actor, Instant at, List<ChangeDraft> changes) {
        append(tx, List.of(new Entry(actor, at, changes)));
    }

    /**
     * Appends the changes of several units of work, numbered in list order. The counter is taken first: that
     * write-locks it until commit, so from there on no other transaction can log a change, and the last versions
     * read for {@link ChangeDraft#NEXT_VERSION} changes cannot be overtaken before this one commits.
     */
    public void append(TransactionContext tx, List<Entry> entries) {
        List<Map<String, Object>> events = new ArrayList<>();
        Set<String> versionless = new LinkedHashSet<>();
        for (Entry entry : entries) {
            for (ChangeDraft change : entry.changes()) {
                Map<String, Object> event = new HashMap<>();
                event.put("urn", change.urn().toString());
                event.put("entityType", change.urn().type().urnName());
                event.put("aspect", change.aspect());
                event.put("version", change.version());
                event.put("changeType", change.changeType().name());
                event.put("before", summary(change.before()));
                event.put("after", summary(change.after()));
                event.put("principal", entry.actor().principal().toString());
                event.put("at", entry.at().toEpochMilli());
                events.add(event);
                if (change.version() == ChangeDraft.NEXT_VERSION) {
                    versionless.add(change.urn().toString());
                }
            }
        }
        if (events.isEmpty()) {
            return;
        }
        List<Record> counter = tx.run("""
                MATCH (s:Sequence {name: $sequence})
                SET s.value = s.value + $count
                RETURN s.value - $count AS base
                """, Map.of("sequence", SEQUENCE_NAME, "count", events.size())).list();
        if (counter.isEmpty()) {
            return;
        }
        if (!versionless.isEmpty()) {
            assignVersions(tx, events, versionless);
        }
        tx.run("""
                UNWIND range(0, size($events) - 1) AS i
                WITH $base + i + 1 AS seq, $events[i] AS e
                CREATE (c:ChangeEvent:PendingChange {
                  seq: seq, urn: e.urn, entityType: e.entityType, aspect: e.aspect, version: e.version,
                  changeType: e.changeType, principal: e.principal, at: e.at, before: e.before, after: e.after})
                """,
                Map.of("base", counter.get(0).get("base").asLong(), "events", events))
                .consume();
    }

    /** Gives each NEXT_VERSION change max(its commit time, the URN's previous version + 1), in log order. */
    private static void assignVersions(TransactionContext tx, List<Map<String, Object>> events, Set<String> urns) {
        Map<String, Long> last = new HashMap<>();
        tx.run("""
                UNWIND $urns AS u
                CALL (u) {
                  MATCH (c:ChangeEvent)
                  USING INDEX SEEK c:ChangeEvent(urn, version)
                  WHERE c.urn = u AND c.version IS NOT NULL
                  RETURN c.version AS version
                  ORDER BY version DESC
                  LIMIT 1
                }
                RETURN u AS urn, version
                """, Map.of("urns", List.copyOf(urns))).forEachRemaining(r -> last.put(r.get("urn").asString(), r.get("version").asLong()));
        for (Map<String, Object> event : events) {
            String urn = (String) event.get("urn");
            long version = (long) event.get("version");
            if (version == ChangeDraft.NEXT_VERSION) {
                Long previous = last.get(urn);
                version = previous == null ? (long) event.get("at") : Math.max((long) event.get("at"), previous + 1);
                event.put("version", version);
            }
            last.merge(urn, version, Math::max);
        }
    }

    static String summary(String json) {
        if (json == null || json.length() <= MAX_SUMMARY_CHARS) {
            return json;
        }
        // A cut JSON text is no longer JSON; wrap it so consumers can still parse the summary.
        String cut = json.substring(0, MAX_SUMMARY_CHARS);
        return "{\"truncated\":true,\"length\":" + json.length() + ",\"prefix\":" + quote(cut) + "}";
    }

    private static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
