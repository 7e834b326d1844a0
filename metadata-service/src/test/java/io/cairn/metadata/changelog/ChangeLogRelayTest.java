package io.cairn.metadata.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.embedded.kafka.EmbeddedKafka;
import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.aspect.CoreAspects;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.urn.Urn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeLogRelayTest {

    private static final Actor WRITER = Actor.client("pipeline-7", Role.WRITER);
    private static final RelaySettings SETTINGS = new RelaySettings("cairn.changes", 3, (short) 1, 200,
            Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(15),
            RelaySettings.DEFAULT_LINGER);

    @TempDir
    Path dataDir;

    @Test
    void changesWrittenWhileKafkaIsDownAllArriveInOrderPerUrnAfterItComesBack() throws Exception {
        int brokerPort = MetadataFixture.freePort();
        int controllerPort = MetadataFixture.freePort();
        try (MetadataFixture metadata = MetadataFixture.start(dataDir)) {
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), "127.0.0.1", brokerPort, controllerPort);
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "max.block.ms", 1_000, "request.timeout.ms", 1_000, "delivery.timeout.ms", 3_000);
            ChangeEventCodec codec = new ChangeEventCodec(MetadataFixture.MAPPER);
            try (ChangeLogRelay relay = new ChangeLogRelay(metadata.store(), kafkaConfig,
                    SETTINGS, codec, metadata.signal(), Clock.systemUTC())) {
                relay.start();
                EntityStore entities = metadata.entities();
                // One change while Kafka is up proves the path before the outage.
                Urn warmUp = Urn.dataset(UUID.randomUUID());
                entities.put(WRITER, warmUp, CoreAspects.DESCRIPTION, new Description("warm-up"), OptionalLong.empty());
                awaitPublished(relay, 1, Duration.ofSeconds(30));

                kafka.close();
                List<Urn> urns = IntStream.range(0, 20).mapToObj(i -> Urn.dataset(UUID.randomUUID())).toList();
                for (int i = 0; i < 1_000; i++) {
                    entities.put(WRITER, urns.get(i % urns.size()), CoreAspects.DESCRIPTION, new Description("change " + i), OptionalLong.empty());
                }
                Instant failureDeadline = Instant.now().plusSeconds(20);
                while (relay.lastError() == null && Instant.now().isBefore(failureDeadline)) {
                    Thread.sleep(100);
                }
                assertThat(relay.lastError()).as("the relay notices the outage").isNotNull();
                assertThat(relay.publishedCount()).as("nothing can be published while Kafka is down").isEqualTo(1);
                assertThat(pendingCount(metadata)).isEqualTo(1_000);

                kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), "127.0.0.1", brokerPort, controllerPort);
                awaitPublished(relay, 1_001, Duration.ofSeconds(90));
                assertThat(pendingCount(metadata)).isZero();

                Map<String, List<Long>> versionsByUrn = consumeDeduplicated(kafka.bootstrapServers(), codec, 1_001, Duration.ofSeconds(60));
                assertThat(versionsByUrn.values().stream().mapToInt(List::size).sum()).isEqualTo(1_001);
                for (Urn urn : urns) {
                    assertThat(versionsByUrn.get(urn.toString()))
                            .as("versions of %s arrive once each, in order", urn)
                            .containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(v -> (long) v).toList());
                }
                assertThat(versionsByUrn.get(warmUp.toString())).containsExactly(1L);
            } finally {
                kafka.close();
            }
        }
    }

    @Test
    void aRestartedRelayResumesWhereTheLastOneStopped() throws Exception {
        int brokerPort = MetadataFixture.freePort();
        int controllerPort = MetadataFixture.freePort();
        try (MetadataFixture metadata = MetadataFixture.start(dataDir);
             EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), "127.0.0.1", brokerPort, controllerPort)) {
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers());
            ChangeEventCodec codec = new ChangeEventCodec(MetadataFixture.MAPPER);
            EntityStore entities = metadata.entities();
            Urn urn = Urn.dataset(UUID.randomUUID());
            try (ChangeLogRelay first = new ChangeLogRelay(metadata.store(), kafkaConfig,
                    SETTINGS, codec, metadata.signal(), Clock.systemUTC())) {
                first.start();
                for (int i = 0; i < 10; i++) {
                    entities.put(WRITER, urn, CoreAspects.DESCRIPTION, new Description("a" + i), OptionalLong.empty());
                }
                awaitPublished(first, 10, Duration.ofSeconds(30));
            }
            for (int i = 0; i < 10; i++) {
                entities.put(WRITER, urn, CoreAspects.DESCRIPTION, new Description("b" + i), OptionalLong.empty());
            }
            assertThat(pendingCount(metadata)).isEqualTo(10);
            try (ChangeLogRelay second = new ChangeLogRelay(metadata.store(), kafkaConfig,
                    SETTINGS, codec, metadata.signal(), Clock.systemUTC())) {
                second.start();
                awaitPublished(second, 10, Duration.ofSeconds(30));
            }
            Map<String, List<Long>> versions = consumeDeduplicated(kafka.bootstrapServers(), codec, 20, Duration.ofSeconds(30));
            assertThat(versions.get(urn.toString())).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(v -> (long) v).toList());
        }
    }

    private static void awaitPublished(ChangeLogRelay relay, long count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (relay.publishedCount() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(relay.publishedCount()).as("published within %s", timeout).isEqualTo(count);
    }

    private static long pendingCount(MetadataFixture metadata) {
        return metadata.store().read(tx -> tx.run("MATCH (c:PendingChange) RETURN count(c) AS n").single().get("n").asLong());
    }

    /** Reads the topic as a consumer group would, dropping any event whose version it already holds. */
    private static Map<String, List<Long>> consumeDeduplicated(String bootstrap, ChangeEventCodec codec, int expected, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<Long>> versions = new HashMap<>();
        Map<String, Long> held = new HashMap<>();
        List<Long> seqs = new ArrayList<>();
        int received = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("cairn.changes"));
            Instant deadline = Instant.now().plus(timeout);
            while (received < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ChangeEvent event = codec.decode(record.value());
                    assertThat(record.key()).isEqualTo(event.urn());
                    assertThat(event.principal()).isEqualTo(WRITER.principal().toString());
                    String key = event.urn() + "#" + event.aspect();
                    if (event.version() <= held.getOrDefault(key, 0L)) {
                        continue;
                    }
                    held.put(key, event.version());
                    versions.computeIfAbsent(event.urn(), k -> new ArrayList<>()).add(event.version());
                    seqs.add(event.seq());
                    received++;
                }
            }
        }
        assertThat(seqs).doesNotHaveDuplicates();
        return versions;
    }
}
