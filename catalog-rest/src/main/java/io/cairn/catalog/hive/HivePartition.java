package io.cairn.catalog.hive;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A stored partition of a plain table. */
public record HivePartition(String database, String table, PartitionDefinition definition, Instant createTime,
                            Instant updateTime) {

    public HivePartition {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(definition, "definition");
    }

    public List<String> values() {
        return definition.values();
    }
}
