package io.cairn.catalog.hive;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * Merges the column statistics of several partitions into table-wide estimates the way Hive's metastore does for
 * {@code get_aggr_stats_for}: null, true and false counts add up; low values take the minimum and high values the
 * maximum; distinct counts, average and maximum lengths take the maximum (a lower bound that needs no sketch merge).
 * Statistics of a kind other than the first partition's (the column changed type between partitions) are left out.
 */
public final class StatisticsAggregation {

    private StatisticsAggregation() {
    }

    /** The aggregate of one column over the partitions' statistics of it; null when there are none. */
    public static ColumnStatistics aggregate(Collection<ColumnStatistics> partitions) {
        ColumnStatistics result = null;
        for (ColumnStatistics next : partitions) {
            if (result == null) {
                result = new ColumnStatistics(next.column(), next.columnType(), next.kind(), next.nullCount(),
                        next.distinctCount(), next.minimum(), next.maximum(), next.averageLength(), next.maximumLength(),
                        next.trueCount(), next.falseCount(), null, next.analyzedAt());
            } else if (next.kind() == result.kind()) {
                result = merge(result, next);
            }
        }
        return result;
    }

    private static ColumnStatistics merge(ColumnStatistics a, ColumnStatistics b) {
        Comparator<String> order = order(a.kind());
        return new ColumnStatistics(a.column(), a.columnType(), a.kind(),
                combine(a.nullCount(), b.nullCount(), Long::sum),
                combine(a.distinctCount(), b.distinctCount(), Math::max),
                combine(a.minimum(), b.minimum(), (x, y) -> order.compare(x, y) <= 0 ? x : y),
                combine(a.maximum(), b.maximum(), (x, y) -> order.compare(x, y) >= 0 ? x : y),
                combine(a.averageLength(), b.averageLength(), Math::max),
                combine(a.maximumLength(), b.maximumLength(), Math::max),
                combine(a.trueCount(), b.trueCount(), Long::sum),
                combine(a.falseCount(), b.falseCount(), Long::sum),
                null, Math.max(a.analyzedAt(), b.analyzedAt()));
    }

    /** Minimum and maximum are text (see {@link ColumnStatistics}); this orders them by the value they denote. */
    private static Comparator<String> order(ColumnStatistics.Kind kind) {
        return switch (kind) {
            case LONG, TIMESTAMP -> Comparator.comparingLong(Long::parseLong);
            case DOUBLE -> Comparator.comparingDouble(Double::parseDouble);
            case DECIMAL -> Comparator.comparing(BigDecimal::new);
            case DATE -> Comparator.comparing(LocalDate::parse);
            case BOOLEAN, STRING, BINARY -> Comparator.naturalOrder();
        };
    }

    private static <T> T combine(T a, T b, BinaryOperator<T> operator) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Objects.requireNonNull(operator.apply(a, b));
    }

    /** Per column, in the order asked, the aggregate over the partitions' statistics; columns without any are left out. */
    public static List<ColumnStatistics> aggregate(List<String> columns, Collection<List<ColumnStatistics>> partitions) {
        List<ColumnStatistics> result = new ArrayList<>();
        for (String column : columns) {
            String wanted = HiveNames.lookup(column);
            List<ColumnStatistics> ofColumn = new ArrayList<>();
            partitions.forEach(found -> found.stream().filter(s -> s.column().equals(wanted)).forEach(ofColumn::add));
            ColumnStatistics aggregate = aggregate(ofColumn);
            if (aggregate != null) {
                result.add(aggregate);
            }
        }
        return result;
    }
}
