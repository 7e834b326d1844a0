package io.cairn.server.config;

import io.cairn.lineage.kafka.KafkaIngestSettings;
import io.cairn.lineage.read.ReadLimits;
import io.cairn.lineage.retention.RetentionSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lineage settings an operator configures, bound like every {@code cairn.*} setting: {@code CAIRN_LINEAGE_KAFKA_TOPICS}
 * is {@code cairn.lineage.kafka.topics} (comma-separated), {@code CAIRN_LINEAGE_RAW_EVENT_RETENTION} is
 * {@code cairn.lineage.raw-event-retention} ({@code 30d}, {@code 12h}; {@code 0} keeps raw events for ever),
 * {@code CAIRN_LINEAGE_READ_TIMEOUT} is {@code cairn.lineage.read.timeout}.
 */
@ConfigurationProperties("cairn.lineage")
public record LineageProperties(
        @DefaultValue Kafka kafka,
        @DefaultValue("0s") Duration rawEventRetention,
        @DefaultValue("10m") Duration rawEventPruneInterval,
        @DefaultValue("10000") int rawEventPruneBatch,
        @DefaultValue Read read) {

    /** The OpenLineage Kafka consumer of the {@code ingest} role. */
    public record Kafka(
            @DefaultValue("true") boolean enabled,
            @DefaultValue(KafkaIngestSettings.DEFAULT_TOPIC) List<String> topics,
            @DefaultValue(KafkaIngestSettings.DEFAULT_DEAD_LETTER_TOPIC) String deadLetterTopic,
            @DefaultValue(KafkaIngestSettings.DEFAULT_GROUP) String consumerGroup,
            @DefaultValue("500") int maxPollRecords,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("10s") Duration maxBackoff) {

        public KafkaIngestSettings settings() {
            return new KafkaIngestSettings(topics, deadLetterTopic, consumerGroup, maxPollRecords, initialBackoff, maxBackoff);
        }
    }

    /** Bounds of every lineage read. */
    public record Read(
            @DefaultValue("20") int maxDepth,
            @DefaultValue("200") int fanOut,
            @DefaultValue("5000") int maxNodes,
            @DefaultValue("30s") Duration timeout) {

        public ReadLimits limits() {
            return new ReadLimits(maxDepth, fanOut, maxNodes, timeout);
        }
    }

    public RetentionSettings retention() {
        return new RetentionSettings(rawEventRetention, rawEventPruneInterval, rawEventPruneBatch);
    }
}
