package io.cairn.lineage.retention;

import java.time.Duration;

/**
 * How long raw events are kept.
 *
 * @param retention age (since receipt) after which a raw event is deleted; zero keeps raw events for ever (the default)
 * @param interval how often the pruner runs
 * @param batchSize the most raw events deleted per transaction
 */
public record RetentionSettings(Duration retention, Duration interval, int batchSize) {

    public RetentionSettings {
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("raw event retention must be zero (keep for ever) or positive");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the raw event pruning interval must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the raw event pruning batch size must be positive");
        }
    }

    public static RetentionSettings keepForever() {
        return new RetentionSettings(Duration.ZERO, Duration.ofMinutes(10), 10_000);
    }
}
