package io.cairn.lineage.kafka;

import java.time.Instant;

/**
 * What the OpenLineage Kafka consumer has done so far (for health and tests).
 *
 * @param running whether the consumer thread is running
 * @param events events written to the graph (replays counted again)
 * @param deadLettered records sent to the dead-letter topic
 * @param committedBatches batches whose offsets were committed after their write
 * @param lastError the last failure that made the consumer wait and retry, or null after a success
 * @param lastCommit when offsets were last committed, or null
 */
public record KafkaIngestState(boolean running, long events, long deadLettered, long committedBatches, String lastError,
                               Instant lastCommit) {
}
