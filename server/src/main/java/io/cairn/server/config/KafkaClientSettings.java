package io.cairn.server.config;

import java.util.Map;

/** Common Kafka client properties (bootstrap servers and connection behaviour). */
public record KafkaClientSettings(Map<String, Object> properties) {

    public KafkaClientSettings {
        properties = Map.copyOf(properties);
    }
}
