package io.cairn.server.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a benchmark's samples, shared by the server's benchmarks. */
public final class BenchStats {

    private BenchStats() {
    }

    /** The {@code p}-th percentile (0-100] of {@code sorted}, which must be in ascending order and not empty. */
    public static double percentile(double[] sorted, double p) {
        return sorted[nearestRank(sorted.length, p)];
    }

    /** {@link #percentile(double[], double)} of samples kept as longs (nanoseconds, say). */
    public static long percentile(long[] sorted, double p) {
        return sorted[nearestRank(sorted.length, p)];
    }

    private static int nearestRank(int length, double p) {
        int index = (int) Math.ceil(p / 100.0 * length) - 1;
        return Math.max(0, Math.min(length - 1, index));
    }

    /** The median of {@code values} in any order, or NaN when there are none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }
}
