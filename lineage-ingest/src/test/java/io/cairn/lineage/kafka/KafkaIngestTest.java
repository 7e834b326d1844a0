package io.cairn.lineage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lineage.graph.LineageIds;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenLineage over Kafka end to end: the real {@code openlineage-java} client with its Kafka transport, a real KRaft
 * broker and a real Neo4j, with the consumer between them. Outages are real too: the broker and the database are
 * stopped and started again on their own data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/cairn/tests/kafka"));

    @TempDir
    static Path dataDir;

    static KafkaIngestRig rig;

    @BeforeAll
    static void start() {
        rig = new KafkaIngestRig(dataDir, KafkaIngestSettings.defaults());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void openLineageJavaClientOverKafkaBuildsTheColumnGraph() {
        UUID runId = UUID.randomUUID();
        try (OpenLineageClient client = client()) {
            client.emit(runEvent(OpenLineage.RunEvent.EventType.START, runId, "kafka-client", "daily_totals", false));
            client.emit(runEvent(OpenLineage.RunEvent.EventType.COMPLETE, runId, "kafka-client", "daily_totals", true));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String job = LineageIds.job("kafka-client", "daily_totals").toString();
        assertThat(rig.awaitCount("MATCH (r:Run {runId: '" + runId + "'}) WHERE r.state = 'COMPLETE' RETURN count(r)", 1, WAIT))
                .as("the run reached COMPLETE").isEqualTo(1);
        List<Map<String, Object>> edges = rig.store().read(tx -> tx.run("""
                MATCH (:Dataset {olName: 'shop.orders'})-[:HAS_COLUMN]->(s:Column)-[f:FEEDS]->(t:Column)<-[:HAS_COLUMN]-(:Dataset {olName: '/marts/totals'})
                WHERE f.job = $job
                RETURN s.fieldPath AS source, t.fieldPath AS target, f.type AS type, f.subtype AS subtype, f.description AS description
                ORDER BY source
                """, Map.of("job", job)).list(r -> r.asMap()));
        assertThat(edges).containsExactly(
                Map.of("source", "amount", "target", "total", "type", "DIRECT", "subtype", "AGGREGATION", "description", "SUM(amount)"),
                Map.of("source", "status", "target", "total", "type", "INDIRECT", "subtype", "FILTER", "description", "status = 'paid'"));
        assertThat(rig.count("MATCH (j:Job {urn: '" + job + "'})-[:WRITES]->(d:Dataset {olName: '/marts/totals'}) RETURN count(*)")).isEqualTo(1);
        assertThat(rig.consumer().state().events()).isGreaterThanOrEqualTo(2);
        assertThat(rig.consumer().state().committedBatches()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerMovesOn() throws Exception {
        String topic = rig.settings().topics().get(0);
        UUID goodRun = UUID.randomUUID();
        RecordMetadata garbage;
        RecordMetadata invalid;
        RecordMetadata empty;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            garbage = producer.send(new ProducerRecord<>(topic, "run:poison/garbage", "this is not JSON {".getBytes(StandardCharsets.UTF_8))).get();
            invalid = producer.send(new ProducerRecord<>(topic, "run:poison/invalid",
                    "{\"eventType\":\"START\",\"run\":{\"runId\":\"not-a-uuid\"},\"job\":{\"namespace\":\"poison\",\"name\":\"invalid\"}}"
                            .getBytes(StandardCharsets.UTF_8))).get();
            empty = producer.send(new ProducerRecord<>(topic, "run:poison/empty", null)).get();
            String good = "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-21T10:00:00Z\",\"producer\":\"https://example.com/t\","
                    + "\"run\":{\"runId\":\"" + goodRun + "\"},\"job\":{\"namespace\":\"poison\",\"name\":\"after\"},"
                    + "\"inputs\":[],\"outputs\":[]}";
            producer.send(new ProducerRecord<>(topic, "run:poison/after", good.getBytes(StandardCharsets.UTF_8))).get();
        }
        assertThat(rig.awaitCount("MATCH (r:Run {runId: '" + goodRun + "'}) WHERE r.state = 'COMPLETE' RETURN count(r)", 1, WAIT))
                .as("the good event after the poison ones was written").isEqualTo(1);

        List<ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(3);
        assertThat(dead).hasSize(3);
        Map<Long, ConsumerRecord<byte[], byte[]>> byOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            assertThat(header(record, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(header(record, DeadLetters.ORIGINAL_PARTITION)).isEqualTo(Integer.toString(garbage.partition()));
            assertThat(header(record, DeadLetters.ERROR_STAGE)).isEqualTo("PARSE");
            byOffset.put(Long.parseLong(header(record, DeadLetters.ORIGINAL_OFFSET)), record);
        }
        ConsumerRecord<byte[], byte[]> notJson = byOffset.get(garbage.offset());
        assertThat(header(notJson, DeadLetters.ERROR)).contains("malformed JSON");
        assertThat(new String(notJson.key(), StandardCharsets.UTF_8)).isEqualTo("run:poison/garbage");
        assertThat(new String(notJson.value(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON {");
        assertThat(header(byOffset.get(invalid.offset()), DeadLetters.ERROR)).contains("/eventTime", "/producer", "/run/runId");
        assertThat(header(byOffset.get(empty.offset()), DeadLetters.ERROR)).contains("no value");
        assertThat(rig.consumer().state().deadLettered()).isGreaterThanOrEqualTo(3);
        assertThat(rig.count("MATCH (j:Job) WHERE j.namespace = 'poison' RETURN count(j)")).as("only the good event's job").isEqualTo(1);
    }

    @Test
    @Order(3)
    void neo4jDownAndBackLosesNoEvent() {
        rig.stopNeo4j();
        List<UUID> runs = emitRuns("neo4j-outage", 10);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (rig.consumer().state().lastError() == null && System.nanoTime() < deadline) {
            KafkaIngestRig.sleep(200);
        }
        assertThat(rig.consumer().state().lastError()).as("the consumer saw the outage and is retrying").isNotNull();
        rig.startNeo4j();
        assertThat(rig.awaitCount(completedRuns("neo4j-outage"), runs.size(), WAIT)).isEqualTo(runs.size());
        assertThat(rig.count(rawEventsOf(runs))).as("every START and COMPLETE kept").isEqualTo(2L * runs.size());
    }

    @Test
    @Order(4)
    void kafkaDownAndBackLosesNoEvent() {
        List<UUID> before = emitRuns("kafka-outage", 40);
        // Stop the broker while the consumer is working through the backlog (or just after).
        rig.awaitCount(rawEventsOf(before), 1, WAIT);
        rig.stopKafka();
        KafkaIngestRig.sleep(3_000);
        rig.startKafka();
        List<UUID> after = emitRuns("kafka-outage", 20);
        int total = before.size() + after.size();
        assertThat(rig.awaitCount(completedRuns("kafka-outage"), total, WAIT)).isEqualTo(total);
        List<UUID> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(rig.count(rawEventsOf(all))).isEqualTo(2L * total);
        for (UUID run : before) {
            assertThat(rig.count("MATCH (r:Run {runId: '" + run + "'}) WHERE r.state = 'COMPLETE' RETURN count(r)")).isEqualTo(1);
        }
    }

    /** Raw events are stored compressed; each names its run. */
    private static String rawEventsOf(List<UUID> runs) {
        return "MATCH (r:RawLineageEvent) WHERE r.runId IN " + runs.stream().map(run -> "'" + run + "'").toList() + " RETURN count(r)";
    }

    private static String completedRuns(String namespace) {
        return "MATCH (r:Run)-[:RUN_OF]->(j:Job) WHERE j.namespace = '" + namespace + "' AND r.state = 'COMPLETE' RETURN count(r)";
    }

    /** Emits START + COMPLETE for {@code count} runs of one job through the OpenLineage client's Kafka transport. */
    private static List<UUID> emitRuns(String namespace, int count) {
        List<UUID> runs = new ArrayList<>();
        try (OpenLineageClient client = client()) {
            for (int i = 0; i < count; i++) {
                UUID run = UUID.randomUUID();
                runs.add(run);
                client.emit(runEvent(OpenLineage.RunEvent.EventType.START, run, namespace, "job" + (i % 5), false));
                client.emit(runEvent(OpenLineage.RunEvent.EventType.COMPLETE, run, namespace, "job" + (i % 5), true));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return runs;
    }

    private static OpenLineageClient client() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", rig.bootstrapServers());
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());
        properties.put("acks", "all");
        // No message key: the transport derives run:<namespace>/<job>, as it does in pipelines.
        KafkaConfig config = new KafkaConfig(rig.settings().topics().get(0), null, properties);
        return new OpenLineageClient(new KafkaTransport(config));
    }

    private static OpenLineage.RunEvent runEvent(OpenLineage.RunEvent.EventType type, UUID runId, String namespace, String job,
                                                 boolean withLineage) {
        OpenLineage.DatasetFacetsBuilder facets = OL.newDatasetFacetsBuilder().schema(OL.newSchemaDatasetFacetBuilder()
                .fields(List.of(OL.newSchemaDatasetFacetFieldsBuilder().name("total").type("decimal").build())).build());
        if (withLineage) {
            facets.columnLineage(OL.newColumnLineageDatasetFacetBuilder().fields(OL.newColumnLineageDatasetFacetFieldsBuilder()
                    .put("total", OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(List.of(
                            OL.newInputFieldBuilder().namespace("postgres://db:5432").name("shop.orders").field("amount")
                                    .transformations(List.of(OL.newInputFieldTransformationsBuilder().type("DIRECT")
                                            .subtype("AGGREGATION").description("SUM(amount)").masking(false).build())).build(),
                            OL.newInputFieldBuilder().namespace("postgres://db:5432").name("shop.orders").field("status")
                                    .transformations(List.of(OL.newInputFieldTransformationsBuilder().type("INDIRECT")
                                            .subtype("FILTER").description("status = 'paid'").masking(false).build())).build()))
                            .build()).build()).build());
        }
        return OL.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.now())
                .run(OL.newRunBuilder().runId(runId).build())
                .job(OL.newJobBuilder().namespace(namespace).name(job).build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace("postgres://db:5432").name("shop.orders").build()))
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace("s3://lake").name("/marts/totals").facets(facets.build()).build()))
                .build();
    }

    private static Map<String, Object> producerProperties() {
        return Map.of("bootstrap.servers", rig.bootstrapServers(), "acks", "all");
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected) {
        Map<String, Object> config = new HashMap<>(rig.kafkaProperties());
        config.put("group.id", "dlq-reader-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(rig.settings().deadLetterTopic()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
