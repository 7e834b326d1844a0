package io.cairn.lineage;

import io.cairn.lineage.read.ReadLimits;
import java.time.Duration;

/**
 * What the server configures for lineage.
 *
 * @param maxDecompressedBytes the largest body after gzip decoding
 * @param maxBatchEvents the most events one batch request may hold
 * @param keepRawEvents whether every raw event is stored (de-duplicated by content)
 * @param rawEventRetention how long raw events are kept; zero keeps them for ever
 */
public record LineageSettings(long maxDecompressedBytes, int maxBatchEvents, boolean keepRawEvents, Duration rawEventRetention,
                              ReadLimits readLimits) {

    public static LineageSettings defaults(long maxRequestBytes) {
        return new LineageSettings(Math.max(maxRequestBytes * 4, maxRequestBytes), 10_000, true, Duration.ZERO, ReadLimits.DEFAULT);
    }
}
