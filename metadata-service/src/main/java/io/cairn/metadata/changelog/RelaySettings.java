package io.cairn.metadata.changelog;

import java.time.Duration;
import java.util.Objects;

public record RelaySettings(
        String topic,
        int partitions,
        short replicationFactor,
        int batchSize,
        Duration pollInterval,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration leaseTtl) {

    public static final String DEFAULT_TOPIC = "cairn.changes";

    public RelaySettings {
        Objects.requireNonNull(topic, "topic");
        if (partitions < 1 || replicationFactor < 1 || batchSize < 1) {
            throw new IllegalArgumentException("partitions, replication factor and batch size must be positive");
        }
    }

    public static RelaySettings defaults() {
        return new RelaySettings(DEFAULT_TOPIC, 6, (short) 1, 500, Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(15));
    }
}
