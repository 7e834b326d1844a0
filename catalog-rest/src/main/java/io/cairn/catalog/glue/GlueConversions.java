package io.cairn.catalog.glue;

import io.cairn.catalog.hive.HiveColumn;
import io.cairn.catalog.hive.HiveDatabase;
import io.cairn.catalog.hive.HivePartition;
import io.cairn.catalog.hive.HiveTable;
import io.cairn.catalog.hive.PartitionDefinition;
import io.cairn.catalog.hive.SerDeInfo;
import io.cairn.catalog.hive.SortColumn;
import io.cairn.catalog.hive.StorageDescriptor;
import io.cairn.catalog.hive.TableDefinition;
import io.cairn.catalog.hive.TableType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Glue shapes to the protocol-neutral model and back: the one place that knows both. */
final class GlueConversions {

    private GlueConversions() {
    }

    // ---- in

    static HiveDatabase database(GlueShapes.DatabaseInput input) {
        require(input, "DatabaseInput");
        return new HiveDatabase(input.name(), input.description(), input.locationUri(), input.parameters());
    }

    static TableDefinition table(GlueShapes.TableInput input) {
        require(input, "TableInput");
        return new TableDefinition(TableType.parse(input.tableType()), input.owner(), input.description(),
                storage(input.storageDescriptor()), columns(input.partitionKeys(), "PartitionKeys"), input.parameters(),
                input.viewOriginalText(), input.viewExpandedText(), input.retention() == null ? 0 : input.retention(),
                millis(input.lastAccessTime()));
    }

    static PartitionDefinition partition(GlueShapes.PartitionInput input) {
        require(input, "PartitionInput");
        if (input.values() == null || input.values().isEmpty()) {
            throw GlueException.invalidInput("PartitionInput.Values is required");
        }
        if (input.values().stream().anyMatch(value -> value == null)) {
            throw GlueException.invalidInput("PartitionInput.Values cannot hold null");
        }
        return new PartitionDefinition(input.values(), storage(input.storageDescriptor()), input.parameters(),
                millis(input.lastAccessTime()));
    }

    static StorageDescriptor storage(GlueShapes.StorageDescriptor sd) {
        if (sd == null) {
            return StorageDescriptor.of(List.of(), null);
        }
        GlueShapes.SerDeInfo serde = sd.serdeInfo();
        List<SortColumn> sort = sd.sortColumns() == null ? List.of() : sd.sortColumns().stream()
                .map(order -> new SortColumn(requireText(order.column(), "SortColumns.Column"),
                        order.sortOrder() == null ? 1 : order.sortOrder())).toList();
        return new StorageDescriptor(columns(sd.columns(), "StorageDescriptor.Columns"), sd.location(), sd.inputFormat(),
                sd.outputFormat(), Boolean.TRUE.equals(sd.compressed()), sd.numberOfBuckets() == null ? 0 : sd.numberOfBuckets(),
                serde == null ? null : new SerDeInfo(serde.name(), serde.serializationLibrary(), serde.parameters()),
                sd.bucketColumns(), sort, sd.parameters(), Boolean.TRUE.equals(sd.storedAsSubDirectories()));
    }

    private static List<HiveColumn> columns(List<GlueShapes.Column> columns, String where) {
        if (columns == null) {
            return List.of();
        }
        return columns.stream().map(column -> {
            if (column == null) {
                throw GlueException.invalidInput(where + " holds null");
            }
            // Glue accepts columns without a type; Hive readers need one, so an absent type is kept as empty text.
            return new HiveColumn(requireText(column.name(), where + ".Name"), column.type() == null ? "" : column.type(),
                    column.comment(), column.parameters());
        }).toList();
    }

    // ---- out

    static GlueShapes.Database database(HiveDatabase database, String catalogId) {
        return new GlueShapes.Database(database.name(), database.description(), database.locationUri(),
                database.parameters(), null, catalogId);
    }

    static GlueShapes.Table table(HiveTable table, String catalogId) {
        TableDefinition definition = table.definition();
        return new GlueShapes.Table(table.name(), table.database(), definition.description(), definition.owner(),
                seconds(table.createTime()), seconds(table.updateTime()),
                definition.lastAccessTime() == 0 ? null : definition.lastAccessTime() / 1000.0, null,
                definition.retention(), storage(definition.storage()), columns(definition.partitionKeys()),
                definition.viewOriginalText(), definition.viewExpandedText(), definition.tableType().name(),
                definition.parameters(), null, false, catalogId, table.versionId());
    }

    static GlueShapes.Partition partition(HivePartition partition, String catalogId) {
        PartitionDefinition definition = partition.definition();
        return new GlueShapes.Partition(definition.values(), partition.database(), partition.table(),
                seconds(partition.createTime()), definition.lastAccessTime() == 0 ? null : definition.lastAccessTime() / 1000.0,
                storage(definition.storage()), definition.parameters(), null, catalogId);
    }

    static GlueShapes.StorageDescriptor storage(StorageDescriptor sd) {
        SerDeInfo serde = sd.serDe();
        return new GlueShapes.StorageDescriptor(columns(sd.columns()), sd.location(), null, sd.inputFormat(), sd.outputFormat(),
                sd.compressed(), sd.numberOfBuckets(),
                serde == null ? null : new GlueShapes.SerDeInfo(serde.name(), serde.serializationLibrary(), serde.parameters()),
                sd.bucketColumns(), sd.sortColumns().stream().map(sort -> new GlueShapes.Order(sort.column(), sort.order())).toList(),
                sd.parameters(), null, sd.storedAsSubDirectories(), null);
    }

    private static List<GlueShapes.Column> columns(List<HiveColumn> columns) {
        return columns.stream().map(column -> new GlueShapes.Column(column.name(), column.type(), column.comment(),
                column.parameters().isEmpty() ? null : column.parameters())).toList();
    }

    static Double seconds(Instant instant) {
        return instant == null ? null : instant.toEpochMilli() / 1000.0;
    }

    private static long millis(Double seconds) {
        return seconds == null ? 0 : (long) (seconds * 1000);
    }

    static <T> T require(T value, String member) {
        if (value == null) {
            throw GlueException.invalidInput(member + " is required");
        }
        return value;
    }

    static String requireText(String value, String member) {
        if (value == null || value.isEmpty()) {
            throw GlueException.invalidInput(member + " is required");
        }
        return value;
    }

    static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
