package io.cairn.catalog.hive;

import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.Objects;

/**
 * A table as Hive and Glue see it. For an {@link TableKind#ICEBERG} table the definition is derived from the catalog
 * entry and its current schema ({@code EXTERNAL_TABLE}, {@code table_type=ICEBERG}, {@code metadata_location} and,
 * after a commit, {@code previous_metadata_location}); its {@code versionId} is derived from the metadata location,
 * so it changes with every commit.
 *
 * @param versionId the version to name in an optimistic update (Glue's {@code VersionId}); plain tables count
 *                  from 1
 * @param dataset   the unified data set node this table is
 */
public record HiveTable(String database, String name, TableKind kind, TableDefinition definition, Instant createTime,
                        Instant updateTime, String versionId, Urn dataset) {

    public HiveTable {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(versionId, "versionId");
    }

    /** The Iceberg metadata location; null for plain tables. */
    public String metadataLocation() {
        return kind == TableKind.ICEBERG ? definition.metadataLocation() : null;
    }

    public String location() {
        return definition.storage().location();
    }
}
