package io.cairn.catalog.hms;

import io.cairn.catalog.hive.HiveColumn;
import io.cairn.catalog.hive.HivePartition;
import io.cairn.catalog.hive.HiveTable;
import io.cairn.catalog.hive.PartitionDefinition;
import io.cairn.catalog.hive.SortColumn;
import io.cairn.catalog.hive.TableDefinition;
import io.cairn.catalog.hive.TableType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Order;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SkewedInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;

/**
 * Plain tables and partitions between the metastore's Thrift structs and the protocol-neutral model of
 * {@code io.cairn.catalog.hive}. A table's comment is Hive's parameter {@code comment} and the model's description, so
 * Glue's {@code Description} and Hive's comment are one thing. Structs going out have every collection set (empty,
 * never null) because Hive's and Spark's clients dereference them without checks.
 */
final class HmsShapes {

    static final String COMMENT = "comment";
    static final String EXTERNAL = "EXTERNAL";

    private HmsShapes() {
    }

    // ---- in

    /** A new table's definition; without a table type it is managed, as Hive's clients create tables. */
    static TableDefinition definition(Table table) {
        return definition(table, TableType.MANAGED_TABLE);
    }

    /** A table's definition; {@code typeIfUnset} when the struct carries no table type (an alter keeps the old one). */
    static TableDefinition definition(Table table, TableType typeIfUnset) {
        Map<String, String> parameters = table.getParameters() == null ? Map.of() : table.getParameters();
        TableType type = table.isSetTableType() && !table.getTableType().isBlank() ? TableType.parse(table.getTableType())
                : typeIfUnset;
        // As Hive's ObjectStore does: the EXTERNAL parameter makes a managed table external.
        if (type == TableType.MANAGED_TABLE && "TRUE".equalsIgnoreCase(parameters.get(EXTERNAL))) {
            type = TableType.EXTERNAL_TABLE;
        }
        return new TableDefinition(type, table.getOwner(), parameters.get(COMMENT), storage(table.getSd()),
                columns(table.getPartitionKeys()), parameters, table.getViewOriginalText(), table.getViewExpandedText(),
                table.getRetention(), table.getLastAccessTime());
    }

    static PartitionDefinition definition(Partition partition) {
        if (partition.getValues() == null) {
            throw new io.cairn.catalog.hive.InvalidObjectException("a partition needs its values");
        }
        return new PartitionDefinition(partition.getValues(), storage(partition.getSd()), partition.getParameters(),
                partition.getLastAccessTime());
    }

    static io.cairn.catalog.hive.StorageDescriptor storage(StorageDescriptor sd) {
        if (sd == null) {
            return null;
        }
        SerDeInfo serDe = sd.getSerdeInfo();
        List<SortColumn> sortColumns = new ArrayList<>();
        if (sd.getSortCols() != null) {
            sd.getSortCols().forEach(order -> sortColumns.add(new SortColumn(order.getCol(), order.getOrder())));
        }
        String location = sd.isSetLocation() && !sd.getLocation().isBlank() ? sd.getLocation() : null;
        return new io.cairn.catalog.hive.StorageDescriptor(columns(sd.getCols()), location, sd.getInputFormat(),
                sd.getOutputFormat(), sd.isCompressed(), sd.getNumBuckets(),
                serDe == null ? null : new io.cairn.catalog.hive.SerDeInfo(serDe.getName(), serDe.getSerializationLib(), serDe.getParameters()),
                sd.getBucketCols(), sortColumns, sd.getParameters(), sd.isStoredAsSubDirectories());
    }

    static List<HiveColumn> columns(List<FieldSchema> fields) {
        List<HiveColumn> columns = new ArrayList<>();
        if (fields != null) {
            for (FieldSchema field : fields) {
                if (field.getName() == null || field.getType() == null) {
                    throw new io.cairn.catalog.hive.InvalidObjectException("every column needs a name and a type");
                }
                columns.add(HiveColumn.of(field.getName(), field.getType(), field.getComment()));
            }
        }
        return columns;
    }

    // ---- out

    static Table table(HiveTable table, String catalogName) {
        TableDefinition definition = table.definition();
        Map<String, String> parameters = new HashMap<>(definition.parameters());
        if (definition.description() != null) {
            parameters.putIfAbsent(COMMENT, definition.description());
        }
        if (definition.tableType() == TableType.EXTERNAL_TABLE) {
            parameters.putIfAbsent(EXTERNAL, "TRUE");
        }
        Table thrift = new Table(table.name(), table.database(), definition.owner() == null ? "cairn" : definition.owner(),
                seconds(table.createTime()), (int) definition.lastAccessTime(), definition.retention(),
                storageDescriptor(definition.storage()), fields(definition.partitionKeys()), parameters,
                definition.viewOriginalText(), definition.viewExpandedText(), definition.tableType().name());
        thrift.setCatName(catalogName);
        thrift.setOwnerType(PrincipalType.USER);
        thrift.setTemporary(false);
        thrift.setRewriteEnabled(false);
        return thrift;
    }

    static Partition partition(HivePartition partition, String catalogName) {
        PartitionDefinition definition = partition.definition();
        Partition thrift = new Partition(new ArrayList<>(definition.values()), partition.database(), partition.table(),
                seconds(partition.createTime()), (int) definition.lastAccessTime(), storageDescriptor(definition.storage()),
                new HashMap<>(definition.parameters()));
        thrift.setCatName(catalogName);
        return thrift;
    }

    static StorageDescriptor storageDescriptor(io.cairn.catalog.hive.StorageDescriptor storage) {
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(fields(storage.columns()));
        sd.setLocation(storage.location());
        sd.setInputFormat(storage.inputFormat());
        sd.setOutputFormat(storage.outputFormat());
        sd.setCompressed(storage.compressed());
        sd.setNumBuckets(storage.numberOfBuckets());
        io.cairn.catalog.hive.SerDeInfo serDe = storage.serDe();
        sd.setSerdeInfo(serDe == null ? new SerDeInfo(null, null, new HashMap<>())
                : new SerDeInfo(serDe.name(), serDe.serializationLibrary(), new HashMap<>(serDe.parameters())));
        sd.setBucketCols(new ArrayList<>(storage.bucketColumns()));
        List<Order> sortColumns = new ArrayList<>();
        storage.sortColumns().forEach(column -> sortColumns.add(new Order(column.column(), column.order())));
        sd.setSortCols(sortColumns);
        sd.setParameters(new HashMap<>(storage.parameters()));
        sd.setSkewedInfo(new SkewedInfo(new ArrayList<>(), new ArrayList<>(), new HashMap<>()));
        sd.setStoredAsSubDirectories(storage.storedAsSubDirectories());
        return sd;
    }

    static List<FieldSchema> fields(List<HiveColumn> columns) {
        List<FieldSchema> fields = new ArrayList<>(columns.size());
        columns.forEach(column -> fields.add(new FieldSchema(column.name(), column.type(), column.comment())));
        return fields;
    }

    private static int seconds(Instant instant) {
        return instant == null ? 0 : (int) instant.getEpochSecond();
    }
}
