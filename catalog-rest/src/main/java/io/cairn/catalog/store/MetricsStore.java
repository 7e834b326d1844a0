package io.cairn.catalog.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.store.GraphStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scan and commit reports that engines send to the catalog, kept per table (newest first) so they can be read
 * back. They are telemetry, not metadata changes, so they write no change events.
 */
public final class MetricsStore {

    public static final int MAX_PAGE = 200;

    /** One stored report as its JSON, with who sent it and when. */
    public record StoredReport(String reportType, String json, Instant at, String principal) {
    }

    private final GraphStore store;

    public MetricsStore(GraphStore store) {
        this.store = store;
    }

    public void add(Actor actor, String warehouse, String table, String reportType, String json) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("table", table);
        parameters.put("type", reportType);
        parameters.put("json", json);
        parameters.put("principal", actor.principal().toString());
        store.write(actor, unit -> {
            parameters.put("at", unit.now().toEpochMilli());
            unit.tx().run("""
                    CREATE (:IcebergMetricsReport {warehouse: $warehouse, table: $table, reportType: $type, report: $json,
                                                   at: $at, principal: $principal})
                    """, parameters).consume();
            return null;
        });
    }

    public List<StoredReport> recent(String warehouse, String table, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
        return store.read(tx -> tx.run("""
                MATCH (m:IcebergMetricsReport {warehouse: $warehouse, table: $table})
                RETURN m ORDER BY m.at DESC LIMIT $limit
                """, Map.of("warehouse", warehouse, "table", table, "limit", bounded))
                .list(record -> {
                    var node = record.get("m");
                    return new StoredReport(node.get("reportType").asString(), node.get("report").asString(),
                            Instant.ofEpochMilli(node.get("at").asLong()), node.get("principal").asString());
                }));
    }
}
