package io.cairn.metadata.schema;

import java.util.List;

/** The metadata service's own schema. Later modules append migrations with higher versions; never edit one that shipped. */
public final class CoreMigrations {

    private CoreMigrations() {
    }

    public static List<Migration> all() {
        return List.of(
                new Migration(1, "entities, aspects, change log, leases", List.of(
                        "CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE",
                        "CREATE CONSTRAINT entity_urn IF NOT EXISTS FOR (e:Entity) REQUIRE e.urn IS UNIQUE",
                        "CREATE INDEX entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
                        "CREATE CONSTRAINT aspect_version IF NOT EXISTS FOR (a:Aspect) REQUIRE (a.urn, a.name, a.version) IS UNIQUE",
                        "CREATE INDEX aspect_latest IF NOT EXISTS FOR (a:Aspect) ON (a.urn, a.name, a.latest)",
                        "CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:ChangeEvent) REQUIRE c.seq IS UNIQUE",
                        "CREATE INDEX change_urn IF NOT EXISTS FOR (c:ChangeEvent) ON (c.urn)",
                        "CREATE INDEX change_principal IF NOT EXISTS FOR (c:ChangeEvent) ON (c.principal)",
                        "CREATE INDEX change_pending_seq IF NOT EXISTS FOR (c:PendingChange) ON (c.seq)",
                        "CREATE CONSTRAINT sequence_name IF NOT EXISTS FOR (s:Sequence) REQUIRE s.name IS UNIQUE",
                        "CREATE CONSTRAINT lease_name IF NOT EXISTS FOR (l:Lease) REQUIRE l.name IS UNIQUE",
                        "CREATE CONSTRAINT client_id IF NOT EXISTS FOR (c:Client) REQUIRE c.clientId IS UNIQUE",
                        "MERGE (s:Sequence {name: 'changelog'}) ON CREATE SET s.value = 0")),
                // Versions of NEXT_VERSION changes come from the URN's newest change: one seek on this index, newest
                // first. Left to itself the planner sometimes scanned all change events per URN instead (it plans with
                // the counts of when the log was small): 33 s for a lineage batch's 1,000 URNs.
                new Migration(2, "change log: versions by URN", List.of(
                        "CREATE INDEX change_urn_version IF NOT EXISTS FOR (c:ChangeEvent) ON (c.urn, c.version)")));
    }
}
