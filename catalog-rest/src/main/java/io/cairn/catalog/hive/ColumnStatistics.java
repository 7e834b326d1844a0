package io.cairn.catalog.hive;

import java.util.Objects;

/**
 * What an engine measured about one column of a table or partition, as Hive's {@code ColumnStatisticsObj} and Glue's
 * {@code ColumnStatistics} both describe it. Which counts apply depends on the {@link Kind}; absent ones are null.
 * Minimum and maximum are kept as text in a form that does not lose precision: decimal numbers in plain notation,
 * dates as {@code yyyy-mm-dd}, timestamps as seconds since the epoch. {@code bitVector} (base64) is the engine's
 * distinct-value sketch, kept as it came so the engine can merge it later.
 *
 * @param analyzedAt seconds since the epoch when the statistics were computed
 */
public record ColumnStatistics(String column, String columnType, Kind kind, Long nullCount, Long distinctCount,
                               String minimum, String maximum, Double averageLength, Long maximumLength, Long trueCount,
                               Long falseCount, String bitVector, long analyzedAt) {

    /** The statistics shapes of Hive and Glue. */
    public enum Kind { BOOLEAN, LONG, DOUBLE, STRING, BINARY, DECIMAL, DATE, TIMESTAMP }

    public ColumnStatistics {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        for (Long count : new Long[] {nullCount, distinctCount, maximumLength, trueCount, falseCount}) {
            if (count != null && count < 0) {
                throw new InvalidObjectException("statistics of column '" + column + "' have a negative count");
            }
        }
        column = HiveNames.lookup(column);
    }
}
