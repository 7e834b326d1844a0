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
                "CREATE INDEX lineage_job_name IF NOT EXISTS FOR (j:Job) ON (j.namespace, j.name)")));
    }
}
