package io.cairn.lineage;

import io.cairn.metadata.schema.Migration;
import java.util.List;

/** The lineage graph's schema (versions 40–59). Never edit one that shipped; append. */
public final class LineageMigrations {

    private LineageMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration(40, "lineage: job versions, facets, raw events", List.of(
                "CREATE CONSTRAINT lineage_job_version_key IF NOT EXISTS FOR (v:JobVersion) REQUIRE v.key IS UNIQUE",
                "CREATE CONSTRAINT lineage_facet_key IF NOT EXISTS FOR (f:Facet) REQUIRE (f.owner, f.key) IS UNIQUE",
                "CREATE CONSTRAINT lineage_raw_event_id IF NOT EXISTS FOR (r:RawLineageEvent) REQUIRE r.id IS UNIQUE",
                "CREATE INDEX lineage_raw_event_received IF NOT EXISTS FOR (r:RawLineageEvent) ON (r.receivedAt)",
                "CREATE INDEX lineage_job_name IF NOT EXISTS FOR (j:Job) ON (j.namespace, j.name)")),
                // The change log numbers lineage changes above each URN's last version: one index seek, newest first.
                new Migration(41, "lineage: change versions by URN", List.of(
                        "CREATE INDEX change_urn_version IF NOT EXISTS FOR (c:ChangeEvent) ON (c.urn, c.version)")),
                // Lineage reads look nodes up by label and URN ((c:Column {urn}), (j:Job {urn}), (d:Dataset {urn})); the
                // unique index is on :Entity, so without these each look-up scans the label (1M columns: seconds).
                new Migration(42, "lineage: URN look-ups by label", List.of(
                        "CREATE INDEX lineage_column_urn IF NOT EXISTS FOR (c:Column) ON (c.urn)",
                        "CREATE INDEX lineage_job_urn IF NOT EXISTS FOR (j:Job) ON (j.urn)",
                        "CREATE INDEX lineage_dataset_urn IF NOT EXISTS FOR (d:Dataset) ON (d.urn)")),
                // Reads now match (:Entity:Column {urn}) and the like, which the core unique index on :Entity serves as
                // fast (measured on 1M columns); the label indexes only cost every write an extra index entry.
                new Migration(43, "lineage: drop the label URN indexes", List.of(
                        "DROP INDEX lineage_column_urn IF EXISTS",
                        "DROP INDEX lineage_job_urn IF EXISTS",
                        "DROP INDEX lineage_dataset_urn IF EXISTS")),
                // Marquez's GET /api/v1/events/lineage lists raw events by event time, newest first, a page at a time.
                new Migration(44, "lineage: raw events by event time", List.of(
                        "CREATE INDEX lineage_raw_event_time IF NOT EXISTS FOR (r:RawLineageEvent) ON (r.eventTime)")));
    }
}
