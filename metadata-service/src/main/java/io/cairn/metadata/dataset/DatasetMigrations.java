package io.cairn.metadata.dataset;

import io.cairn.metadata.schema.Migration;
import java.util.List;

/**
 * The shared dataset identity's schema (versions 10–19). The alias constraint has the same name and definition as
 * the one catalog-rest creates, so whichever runs first wins and the other is a no-op.
 */
public final class DatasetMigrations {

    private DatasetMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration(10, "dataset identity: aliases", List.of(
                "CREATE CONSTRAINT dataset_alias_name IF NOT EXISTS FOR (a:DatasetAlias) REQUIRE a.name IS UNIQUE",
                "CREATE INDEX dataset_merged_into IF NOT EXISTS FOR (d:Dataset) ON (d.mergedInto)")));
    }
}
