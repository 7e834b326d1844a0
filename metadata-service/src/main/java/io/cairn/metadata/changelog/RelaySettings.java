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
        Duration leaseTtl,
        Duration linger) {

    public static final String DEFAULT_TOPIC = "cairn.changes";
    /**
     * How long the relay waits after a batch smaller than {@code batchSize} before it reads the next one. Without it,
     * under a steady stream of commits every batch held the two or three changes made while the last one was on its
     * way, and each batch costs a read and a write transaction in Neo4j, a Kafka round trip and, downstream, a bulk
     * request and a refresh in the search index. The first change after a quiet spell is still sent at once.
     */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(50);

    public RelaySettings {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(linger, "linger");
        if (partitions < 1 || replicationFactor < 1 || batchSize < 1) {
            throw new IllegalArgumentException("partitions, replication factor and batch size must be positive");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative");
        }
    }

    public static RelaySettings defaults() {
        return new RelaySettings(DEFAULT_TOPIC, 6, (short) 1, 500, Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(15), DEFAULT_LINGER);
    }
}
