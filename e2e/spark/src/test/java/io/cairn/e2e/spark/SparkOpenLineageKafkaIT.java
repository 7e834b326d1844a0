package io.cairn.e2e.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, second run: the same Spark job with the OpenLineage Kafka transport writing to Cairn's (embedded) Kafka,
 * topic {@code openlineage}, which Cairn's lineage consumer reads into the same graph as the HTTP endpoint.
 */
class SparkOpenLineageKafkaIT {

    private static final String TOPIC = "openlineage";

    private static CairnUnderTest cairn;
    private static SparkSession spark;
    private static OpenLineageScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        cairn = CairnUnderTest.start("lineage-kafka");
        Map<String, String> transport = new LinkedHashMap<>();
        transport.put("type", "kafka");
        transport.put("topicName", TOPIC);
        transport.put("properties.bootstrap.servers", bootstrapServers());
        transport.put("properties.acks", "all");
        transport.put("properties.key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        transport.put("properties.value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        spark = SparkSessions.start("cairn_lineage_kafka", cairn, OpenLineageScenario.listenerSettings(transport));
        scenario = new OpenLineageScenario(spark, cairn.api());
        scenario.runJob();
    }

    @AfterAll
    static void stop() throws IOException {
        SparkSessions.stop(spark);
        if (cairn != null) {
            cairn.close();
        }
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

    @Test
    void columnLineageOfTheCtasHasTheExactEdgesAndTransformations() throws Exception {
        TreeSet<String> edges = scenario.awaitColumnLineage(Duration.ofSeconds(120));
        System.out.println("spark.lineage.kafka: column lineage of " + OpenLineageScenario.OUTPUT + ":\n  " + String.join("\n  ", edges));
        OpenLineageScenario.assertColumnLineage(edges);
    }

    @Test
    void theOutputDatasetIsTheIcebergTableRegisteredThroughTheCatalog() throws Exception {
        scenario.awaitColumnLineage(Duration.ofSeconds(120));
        scenario.assertOutputIsTheCatalogTable();
    }

    private static String bootstrapServers() {
        return "127.0.0.1:" + cairn.kafkaPort();
    }

    /** Reads the topic from the start with a throwaway consumer (no group, so Cairn's own offsets are untouched). */
    private static List<ConsumerRecord<String, String>> awaitTopicRecords(Duration timeout) throws InterruptedException {
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
