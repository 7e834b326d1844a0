package io.cairn.catalog.hms;

import io.cairn.catalog.hive.ColumnStatistics;
import io.cairn.catalog.hive.ColumnStatistics.Kind;
import io.cairn.catalog.hive.HiveMetastore;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.BinaryColumnStatsData;
import org.apache.hadoop.hive.metastore.api.BooleanColumnStatsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Date;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Decimal;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DoubleColumnStatsData;
import org.apache.hadoop.hive.metastore.api.InvalidInputException;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Timestamp;
import org.apache.hadoop.hive.metastore.api.TimestampColumnStatsData;
import org.apache.thrift.TException;

/**
 * Column statistics through the metastore: table-level ones are aspects of the column entities, partition-level ones
 * belong to their partition (see {@link HiveMetastore#updateTableStatistics} and
 * {@link HiveMetastore#updatePartitionStatistics}). Hive's union of per-type structs becomes one
 * {@link ColumnStatistics} record; what it cannot express (histograms) is dropped.
 */
final class HmsStatistics {

    private final HmsTables tables;
    private final HmsPartitions partitions;

    HmsStatistics(HmsTables tables, HmsPartitions partitions) {
        this.tables = tables;
        this.partitions = partitions;
    }

    /** Stores the statistics a client sends; table- or partition-level as its descriptor says. */
    void update(Actor actor, org.apache.hadoop.hive.metastore.api.ColumnStatistics statistics) throws TException {
        actor.require(Role.WRITER);
        ColumnStatisticsDesc desc = statistics.getStatsDesc();
        if (desc == null || statistics.getStatsObj() == null) {
            throw new InvalidInputException("column statistics need a descriptor and statistics objects");
        }
        long analyzedAt = desc.isSetLastAnalyzed() ? desc.getLastAnalyzed() : System.currentTimeMillis() / 1000;
        List<ColumnStatistics> columns = new ArrayList<>();
        for (ColumnStatisticsObj object : statistics.getStatsObj()) {
            columns.add(fromThrift(object, analyzedAt));
        }
        HmsNames.QualifiedDatabase database = HmsNames.parseDatabase(desc.getDbName());
        String catalog = desc.isSetCatName() ? desc.getCatName() : database.catalog();
        if (desc.isIsTblLevel()) {
            HiveMetastore hive = tables.metastore(actor, catalog);
            hive.updateTableStatistics(database.database(), desc.getTableName(), columns);
            return;
        }
        HmsPartitions.TableRef ref = partitions.table(actor, catalog, database.database(), desc.getTableName());
        ref.hive().updatePartitionStatistics(ref.database(), ref.name(), partitions.values(ref, desc.getPartName()), columns);
    }

    /** Table-level statistics of {@code columns} (all when null), as the Thrift objects Hive reads. */
    List<ColumnStatisticsObj> table(Actor actor, String catalogName, String database, String table, List<String> columns)
            throws TException {
        List<ColumnStatisticsObj> objects = new ArrayList<>();
        for (ColumnStatistics column : stored(actor, catalogName, database, table, columns)) {
            objects.add(toThrift(column));
        }
        return objects;
    }

    /** One column's table-level statistics; {@link NoSuchObjectException} when it has none. */
    org.apache.hadoop.hive.metastore.api.ColumnStatistics tableColumn(Actor actor, String catalogName, String database,
                                                                     String table, String column) throws TException {
        List<ColumnStatistics> found = stored(actor, catalogName, database, table, List.of(column == null ? "" : column));
        if (found.isEmpty()) {
            throw new NoSuchObjectException("No statistics for column " + column + " of " + database + "." + table);
        }
        ColumnStatisticsDesc desc = new ColumnStatisticsDesc(true, database, HmsNames.lower(table));
        desc.setLastAnalyzed(found.get(0).analyzedAt());
        return new org.apache.hadoop.hive.metastore.api.ColumnStatistics(desc, new ArrayList<>(List.of(toThrift(found.get(0)))));
    }

    private List<ColumnStatistics> stored(Actor actor, String catalogName, String database, String table, List<String> columns)
            throws TException {
        HiveMetastore hive = tables.metastore(actor, catalogName);
        if (HmsTables.find(hive, database, table).isEmpty()) {
            throw new NoSuchObjectException(database + "." + HmsNames.lower(table) + " table not found");
        }
        return hive.tableStatistics(database, table, columns);
    }

    /** Partition name to statistics of {@code columns}, for the named partitions that have any. */
    Map<String, List<ColumnStatisticsObj>> partitions(Actor actor, String catalogName, String database, String table,
                                                      List<String> partitionNames, List<String> columns) throws TException {
        HmsPartitions.TableRef ref = partitions.table(actor, catalogName, database, table);
        List<List<String>> valuesList = new ArrayList<>();
        for (String name : partitionNames) {
            valuesList.add(partitions.values(ref, name));
        }
        Map<String, List<ColumnStatisticsObj>> result = new HashMap<>();
        ref.hive().partitionStatistics(ref.database(), ref.name(), valuesList, columns).forEach((name, found) -> {
            List<ColumnStatisticsObj> objects = new ArrayList<>();
            found.forEach(column -> objects.add(toThrift(column)));
            result.put(name, objects);
        });
        return result;
    }

    org.apache.hadoop.hive.metastore.api.ColumnStatistics partitionColumn(Actor actor, String catalogName, String database,
                                                                         String table, String partitionName, String column)
            throws TException {
        List<ColumnStatisticsObj> found = partitions(actor, catalogName, database, table, List.of(partitionName),
                List.of(column == null ? "" : column)).getOrDefault(partitionName, List.of());
        if (found.isEmpty()) {
            throw new NoSuchObjectException("No statistics for column " + column + " of partition " + partitionName + " of "
                    + database + "." + table);
        }
        ColumnStatisticsDesc desc = new ColumnStatisticsDesc(false, database, HmsNames.lower(table));
        desc.setPartName(partitionName);
        return new org.apache.hadoop.hive.metastore.api.ColumnStatistics(desc, found);
    }

    boolean deleteTable(Actor actor, String catalogName, String database, String table, String column) throws TException {
        actor.require(Role.WRITER);
        return tables.metastore(actor, catalogName).deleteTableStatistics(database, table, blankToNull(column));
    }

    boolean deletePartition(Actor actor, String catalogName, String database, String table, String partitionName, String column)
            throws TException {
        actor.require(Role.WRITER);
        HmsPartitions.TableRef ref = partitions.table(actor, catalogName, database, table);
        return ref.hive().deletePartitionStatistics(ref.database(), ref.name(), partitions.values(ref, partitionName),
                blankToNull(column));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    // ---- conversions

    static ColumnStatistics fromThrift(ColumnStatisticsObj object, long analyzedAt) throws InvalidInputException {
        ColumnStatisticsData data = object.getStatsData();
        if (object.getColName() == null || data == null || data.getSetField() == null) {
            throw new InvalidInputException("column statistics need a column name and data");
        }
        String column = object.getColName();
        String type = object.getColType();
        return switch (data.getSetField()) {
            case BOOLEAN_STATS -> {
                BooleanColumnStatsData d = data.getBooleanStats();
                yield new ColumnStatistics(column, type, Kind.BOOLEAN, d.getNumNulls(), null, null, null, null, null,
                        d.getNumTrues(), d.getNumFalses(), bits(d.bufferForBitVectors()), analyzedAt);
            }
            case LONG_STATS -> {
                LongColumnStatsData d = data.getLongStats();
                yield new ColumnStatistics(column, type, Kind.LONG, d.getNumNulls(), d.getNumDVs(),
                        d.isSetLowValue() ? Long.toString(d.getLowValue()) : null,
                        d.isSetHighValue() ? Long.toString(d.getHighValue()) : null, null, null, null, null,
                        bits(d.bufferForBitVectors()), analyzedAt);
            }
            case DOUBLE_STATS -> {
                DoubleColumnStatsData d = data.getDoubleStats();
                yield new ColumnStatistics(column, type, Kind.DOUBLE, d.getNumNulls(), d.getNumDVs(),
                        d.isSetLowValue() ? Double.toString(d.getLowValue()) : null,
                        d.isSetHighValue() ? Double.toString(d.getHighValue()) : null, null, null, null, null,
                        bits(d.bufferForBitVectors()), analyzedAt);
            }
            case STRING_STATS -> {
                StringColumnStatsData d = data.getStringStats();
                yield new ColumnStatistics(column, type, Kind.STRING, d.getNumNulls(), d.getNumDVs(), null, null,
                        d.getAvgColLen(), d.getMaxColLen(), null, null, bits(d.bufferForBitVectors()), analyzedAt);
            }
            case BINARY_STATS -> {
                BinaryColumnStatsData d = data.getBinaryStats();
                yield new ColumnStatistics(column, type, Kind.BINARY, d.getNumNulls(), null, null, null,
                        d.getAvgColLen(), d.getMaxColLen(), null, null, bits(d.bufferForBitVectors()), analyzedAt);
            }
            case DECIMAL_STATS -> {
                DecimalColumnStatsData d = data.getDecimalStats();
                yield new ColumnStatistics(column, type, Kind.DECIMAL, d.getNumNulls(), d.getNumDVs(),
                        d.isSetLowValue() ? decimal(d.getLowValue()) : null, d.isSetHighValue() ? decimal(d.getHighValue()) : null,
                        null, null, null, null, bits(d.bufferForBitVectors()), analyzedAt);
            }
            case DATE_STATS -> {
                DateColumnStatsData d = data.getDateStats();
                yield new ColumnStatistics(column, type, Kind.DATE, d.getNumNulls(), d.getNumDVs(),
                        d.isSetLowValue() ? LocalDate.ofEpochDay(d.getLowValue().getDaysSinceEpoch()).toString() : null,
                        d.isSetHighValue() ? LocalDate.ofEpochDay(d.getHighValue().getDaysSinceEpoch()).toString() : null,
                        null, null, null, null, bits(d.bufferForBitVectors()), analyzedAt);
            }
            case TIMESTAMP_STATS -> {
                TimestampColumnStatsData d = data.getTimestampStats();
                yield new ColumnStatistics(column, type, Kind.TIMESTAMP, d.getNumNulls(), d.getNumDVs(),
                        d.isSetLowValue() ? Long.toString(d.getLowValue().getSecondsSinceEpoch()) : null,
                        d.isSetHighValue() ? Long.toString(d.getHighValue().getSecondsSinceEpoch()) : null,
                        null, null, null, null, bits(d.bufferForBitVectors()), analyzedAt);
            }
        };
    }

    static ColumnStatisticsObj toThrift(ColumnStatistics statistics) {
        ColumnStatisticsData data = new ColumnStatisticsData();
        long nulls = orZero(statistics.nullCount());
        long distinct = orZero(statistics.distinctCount());
        byte[] bits = statistics.bitVector() == null ? null : Base64.getDecoder().decode(statistics.bitVector());
        switch (statistics.kind()) {
            case BOOLEAN -> {
                BooleanColumnStatsData d = new BooleanColumnStatsData(orZero(statistics.trueCount()), orZero(statistics.falseCount()), nulls);
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setBooleanStats(d);
            }
            case LONG -> {
                LongColumnStatsData d = new LongColumnStatsData(nulls, distinct);
                if (statistics.minimum() != null) {
                    d.setLowValue(Long.parseLong(statistics.minimum()));
                }
                if (statistics.maximum() != null) {
                    d.setHighValue(Long.parseLong(statistics.maximum()));
                }
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setLongStats(d);
            }
            case DOUBLE -> {
                DoubleColumnStatsData d = new DoubleColumnStatsData(nulls, distinct);
                if (statistics.minimum() != null) {
                    d.setLowValue(Double.parseDouble(statistics.minimum()));
                }
                if (statistics.maximum() != null) {
                    d.setHighValue(Double.parseDouble(statistics.maximum()));
                }
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setDoubleStats(d);
            }
            case STRING -> {
                StringColumnStatsData d = new StringColumnStatsData(orZero(statistics.maximumLength()),
                        statistics.averageLength() == null ? 0 : statistics.averageLength(), nulls, distinct);
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setStringStats(d);
            }
            case BINARY -> {
                BinaryColumnStatsData d = new BinaryColumnStatsData(orZero(statistics.maximumLength()),
                        statistics.averageLength() == null ? 0 : statistics.averageLength(), nulls);
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setBinaryStats(d);
            }
            case DECIMAL -> {
                DecimalColumnStatsData d = new DecimalColumnStatsData(nulls, distinct);
                if (statistics.minimum() != null) {
                    d.setLowValue(decimal(statistics.minimum()));
                }
                if (statistics.maximum() != null) {
                    d.setHighValue(decimal(statistics.maximum()));
                }
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setDecimalStats(d);
            }
            case DATE -> {
                DateColumnStatsData d = new DateColumnStatsData(nulls, distinct);
                if (statistics.minimum() != null) {
                    d.setLowValue(new Date(LocalDate.parse(statistics.minimum()).toEpochDay()));
                }
                if (statistics.maximum() != null) {
                    d.setHighValue(new Date(LocalDate.parse(statistics.maximum()).toEpochDay()));
                }
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setDateStats(d);
            }
            case TIMESTAMP -> {
                TimestampColumnStatsData d = new TimestampColumnStatsData(nulls, distinct);
                if (statistics.minimum() != null) {
                    d.setLowValue(new Timestamp(Long.parseLong(statistics.minimum())));
                }
                if (statistics.maximum() != null) {
                    d.setHighValue(new Timestamp(Long.parseLong(statistics.maximum())));
                }
                if (bits != null) {
                    d.setBitVectors(bits);
                }
                data.setTimestampStats(d);
            }
        }
        return new ColumnStatisticsObj(statistics.column(), statistics.columnType() == null ? "" : statistics.columnType(), data);
    }

    private static String decimal(Decimal value) {
        byte[] unscaled = new byte[value.bufferForUnscaled().remaining()];
        value.bufferForUnscaled().duplicate().get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), value.getScale()).toPlainString();
    }

    private static Decimal decimal(String text) {
        BigDecimal value = new BigDecimal(text);
        Decimal decimal = new Decimal();
        decimal.setScale((short) value.scale());
        decimal.setUnscaled(value.unscaledValue().toByteArray());
        return decimal;
    }

    private static String bits(ByteBuffer buffer) {
        if (buffer == null || !buffer.hasRemaining()) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
