package io.cairn.catalog.hive;

import io.cairn.metadata.schema.Migration;
import java.util.List;

/**
 * The schema of plain tables' versions and partitions (catalog versions are 20–39; these are 30–34). Plain tables
 * themselves are catalog entries ({@code kind = HIVE_TABLE}) and use the catalog's constraints.
 */
public final class HiveMigrations {

    private HiveMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration(30, "Hive-style tables: table versions and partitions", List.of(
                "CREATE CONSTRAINT hive_table_version_key IF NOT EXISTS FOR (v:HiveTableVersion) REQUIRE (v.tableId, v.version) IS UNIQUE",
                "CREATE CONSTRAINT hive_partition_key IF NOT EXISTS FOR (p:HivePartition) REQUIRE (p.tableId, p.key) IS UNIQUE",
                "CREATE INDEX hive_table_id IF NOT EXISTS FOR (e:CatalogEntry) ON (e.hiveTableId)")));
    }
}
