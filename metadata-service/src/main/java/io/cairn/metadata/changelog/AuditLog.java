package io.cairn.metadata.changelog;

import io.cairn.metadata.store.GraphStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The change log read as the audit log: who changed what, when. */
public final class AuditLog {

    private final GraphStore store;

    public AuditLog(GraphStore store) {
        this.store = store;
    }

    public AuditPage page(AuditQuery query) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", query.urn().orElse(null));
        parameters.put("principal", query.principal().orElse(null));
        parameters.put("since", query.since().map(instant -> instant.toEpochMilli()).orElse(null));
        parameters.put("cursor", query.cursor().isPresent() ? query.cursor().getAsLong() : null);
        // One more than asked tells whether another page exists.
        parameters.put("limit", query.limit() + 1);
        List<ChangeEvent> events = store.read(tx -> tx.run("""
                MATCH (c:ChangeEvent)
                WHERE c.seq < coalesce($cursor, 9223372036854775807)
                  AND ($urn IS NULL OR c.urn = $urn)
                  AND ($principal IS NULL OR c.principal = $principal)
                  AND ($since IS NULL OR c.at >= $since)
                RETURN c
                ORDER BY c.seq DESC
                LIMIT $limit
                """, parameters).list(record -> ChangeEvents.fromNode(record.get("c"))));
        if (events.size() <= query.limit()) {
            return new AuditPage(events, OptionalLong.empty());
        }
        List<ChangeEvent> page = events.subList(0, query.limit());
        return new AuditPage(page, OptionalLong.of(page.get(page.size() - 1).seq()));
    }
}
