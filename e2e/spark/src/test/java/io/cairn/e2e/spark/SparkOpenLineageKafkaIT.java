package io.cairn.e2e.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, second run: the same Spark job with the OpenLineage Kafka transport writing to Cairn's (embedded) Kafka,
 * topic {@code openlineage}, which Cairn's lineage consumer reads into the same graph as the HTTP endpoint.
 */
class SparkOpenLineageKafkaIT extends OpenLineageTransportIT {

    private static final String TOPIC = "openlineage";

    @Override
    String transportName() {
        return "kafka";
    }

    @Override
    Map<String, String> transport(CairnUnderTest cairn) {
        Map<String, String> transport = new LinkedHashMap<>();
        transport.put("type", "kafka");
        transport.put("topicName", TOPIC);
        transport.put("properties.bootstrap.servers", bootstrapServers());
        transport.put("properties.acks", "all");
        transport.put("properties.key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        transport.put("properties.value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return transport;
    }

    @Override
    Duration lineageTimeout() {
        return Duration.ofSeconds(120);
    }

    @Test
    void sparkPublishesRunEventsToTheOpenLineageTopic() throws Exception {
        List<ConsumerRecord<String, String>> records = awaitTopicRecords(Duration.ofSeconds(90));
        assertThat(records).isNotEmpty();
        assertThat(records).anySatisfy(record -> {
            assertThat(record.key()).startsWith("run:");
            assertThat(record.value()).contains("\"eventType\":\"COMPLETE\"").contains(OpenLineageScenario.OUTPUT);
        });
    }

    private String bootstrapServers() {
        return "127.0.0.1:" + cairn.kafkaPort();
    }

    /** Reads the topic from the start with a throwaway consumer (no group, so Cairn's own offsets are untouched). */
    private List<ConsumerRecord<String, String>> awaitTopicRecords(Duration timeout) throws InterruptedException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            Instant deadline = Instant.now().plus(timeout);
            List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
            while (Instant.now().isBefore(deadline)) {
                List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
                if (!partitions.isEmpty()) {
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    records.clear();
                    for (int poll = 0; poll < 5; poll++) {
                        consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
                    }
                    if (records.stream().anyMatch(record -> record.value().contains("\"COMPLETE\""))) {
                        return records;
                    }
                }
                Thread.sleep(1000);
            }
            return records;
        }
    }
}
