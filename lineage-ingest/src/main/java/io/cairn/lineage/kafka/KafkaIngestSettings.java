package io.cairn.lineage.kafka;

import java.time.Duration;
import java.util.List;

/**
 * How the OpenLineage Kafka consumer runs.
 *
 * @param topics the topics the OpenLineage Kafka transport writes to ({@code openlineage} by default)
 * @param deadLetterTopic where records that cannot be parsed (or written) go, with the reason in a header
 * @param consumerGroup the consumer group every ingest node joins, so partitions are shared between them
 * @param maxPollRecords the most records taken per poll, and so per graph write
 * @param initialBackoff the first wait after a failed write; it doubles up to {@code maxBackoff}
 * @param maxBackoff the longest wait between two attempts while Neo4j or Kafka is unavailable
 */
public record KafkaIngestSettings(List<String> topics, String deadLetterTopic, String consumerGroup, int maxPollRecords,
                                  Duration initialBackoff, Duration maxBackoff) {

    public static final String DEFAULT_TOPIC = "openlineage";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "openlineage.dlq";
    public static final String DEFAULT_GROUP = "cairn-lineage-ingest";

    public KafkaIngestSettings {
        topics = topics == null ? List.of() : topics.stream().map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("the OpenLineage Kafka consumer needs at least one topic");
        }
        if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
            throw new IllegalArgumentException("the OpenLineage dead-letter topic must not be blank");
        }
        if (topics.contains(deadLetterTopic)) {
            throw new IllegalArgumentException("the dead-letter topic '" + deadLetterTopic + "' cannot also be consumed");
        }
        if (consumerGroup == null || consumerGroup.isBlank()) {
            throw new IllegalArgumentException("the OpenLineage consumer group must not be blank");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("max poll records must be positive");
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and the maximum at least the initial wait");
        }
    }

    public static KafkaIngestSettings defaults() {
        return new KafkaIngestSettings(List.of(DEFAULT_TOPIC), DEFAULT_DEAD_LETTER_TOPIC, DEFAULT_GROUP, 500,
                Duration.ofMillis(200), Duration.ofSeconds(10));
    }
}
