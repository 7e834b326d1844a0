package io.cairn.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a real KRaft broker; nothing is mocked. */
class EmbeddedKafkaTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaTest.class);
    private static final String HOST = "127.0.0.1";
    private static final String TOPIC = "cairn.test.changes";
    private static final String GROUP = "cairn-indexer";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void messagesAndCommittedOffsetsSurviveARestartOnTheSameDirectoryAndPorts() throws Exception {
        int[] ports = freePorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        Set<Thread> threadsBefore = liveNonDaemonThreads();
        TopicPartition tp = new TopicPartition(TOPIC, 0);

        // --- first run: produce 10 keyed messages to an auto-created topic, consume them all, commit offset 6.
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, HOST, brokerPort, controllerPort);
        long firstStartMs = millisSince(t0);
        String clusterId;
        List<String> firstBatch = new ArrayList<>();
        try {
            assertThat(kafka.bootstrapServers()).isEqualTo(HOST + ":" + brokerPort);
            clusterId = kafka.clusterId();
            assertThat(clusterId).isNotBlank();
            assertThat(dataDir.resolve("kraft/meta.properties")).exists();
            assertThat(Files.readString(dataDir.resolve("cluster.id")).trim()).isEqualTo(clusterId);
            assertThat(portIsFree(brokerPort)).as("broker port is bound while running").isFalse();
            assertThat(portIsFree(controllerPort)).as("controller port is bound while running").isFalse();
            assertThat(newThreads(threadsBefore)).as("Kafka runs non-daemon threads while up").isNotEmpty();

            for (int i = 0; i < 10; i++) {
                firstBatch.add("k" + (i % 3) + "=v" + i);
            }
            List<RecordMetadata> sent = produce(kafka.bootstrapServers(), firstBatch);
            assertThat(sent).extracting(RecordMetadata::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

            try (KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers(), GROUP)) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<String, String>> got = pollUntil(consumer, 10);
                assertThat(asKeyValues(got)).containsExactlyElementsOf(firstBatch);
                // Commit only part of what was read, so the restart must bring back this exact position.
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(6, "first-run")));
            }
            try (Admin admin = admin(kafka.bootstrapServers())) {
                assertThat(committed(admin, GROUP, tp)).isEqualTo(6L);
            }
        } finally {
            long t1 = System.nanoTime();
            kafka.close();
            LOG.info("first start {} ms, stop {} ms", firstStartMs, millisSince(t1));
        }

        // --- stopped: ports are free, no Kafka non-daemon thread is left.
        assertThat(portIsFree(brokerPort)).as("broker port free after close").isTrue();
        assertThat(portIsFree(controllerPort)).as("controller port free after close").isTrue();
        assertNoNewNonDaemonThreads(threadsBefore);
        kafka.close(); // idempotent

        // --- second run on the same directory and ports.
        t0 = System.nanoTime();
        EmbeddedKafka again = EmbeddedKafka.start(dataDir, HOST, brokerPort, controllerPort);
        long restartMs = millisSince(t0);
        try {
            assertThat(again.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(again.bootstrapServers())) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
                assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                        .isEqualTo(10L);
                assertThat(committed(admin, GROUP, tp)).as("committed offset after restart").isEqualTo(6L);
            }
            // All ten messages are still there, readable by a new group from the beginning.
            try (KafkaConsumer<String, String> reader = consumer(again.bootstrapServers(), "verify-" + UUID.randomUUID())) {
                reader.subscribe(List.of(TOPIC));
                assertThat(asKeyValues(pollUntil(reader, 10))).containsExactlyElementsOf(firstBatch);
            }
            // The original group resumes exactly at its committed offset.
            List<String> secondBatch = List.of("k0=w0", "k1=w1", "k2=w2");
            try (KafkaConsumer<String, String> consumer = consumer(again.bootstrapServers(), GROUP)) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<String, String>> resumed = pollUntil(consumer, 4);
                assertThat(resumed).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L);
                assertThat(asKeyValues(resumed)).containsExactlyElementsOf(firstBatch.subList(6, 10));

                // Produce and consume again after the restart.
                List<RecordMetadata> sent = produce(again.bootstrapServers(), secondBatch);
                assertThat(sent).extracting(RecordMetadata::offset).containsExactly(10L, 11L, 12L);
                assertThat(asKeyValues(pollUntil(consumer, 3))).containsExactlyElementsOf(secondBatch);
                consumer.commitSync();
            }
            try (Admin admin = admin(again.bootstrapServers())) {
                assertThat(committed(admin, GROUP, tp)).isEqualTo(13L);
            }
        } finally {
            long t1 = System.nanoTime();
            again.close();
            LOG.info("restart {} ms, stop {} ms", restartMs, millisSince(t1));
        }
        assertThat(portIsFree(brokerPort)).isTrue();
        assertThat(portIsFree(controllerPort)).isTrue();
        assertNoNewNonDaemonThreads(threadsBefore);
    }

    @Test
    void refusesToStartWhenTheBrokerPortIsInUse() throws Exception {
        int[] ports = freePorts(2);
        try (ServerSocket squatter = bind(ports[0])) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, HOST, ports[0], ports[1]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka broker port 127.0.0.1:" + ports[0] + " is already in use.")
                    .hasNoCause();
        }
        assertThat(dataDir.resolve("kraft")).doesNotExist();
        assertThat(portIsFree(ports[1])).isTrue();
    }

    @Test
    void refusesToStartWhenTheControllerPortIsInUse() throws Exception {
        int[] ports = freePorts(2);
        Set<Thread> threadsBefore = liveNonDaemonThreads();
        try (ServerSocket squatter = bind(ports[1])) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, HOST, ports[0], ports[1]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka controller port 127.0.0.1:" + ports[1] + " is already in use.")
                    .hasNoCause();
        }
        assertThat(portIsFree(ports[0])).isTrue();
        assertNoNewNonDaemonThreads(threadsBefore);
        // With the port released, the same call succeeds: the refusal above was about the port alone.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, HOST, ports[0], ports[1])) {
            assertThat(kafka.bootstrapServers()).isEqualTo(HOST + ":" + ports[0]);
        }
    }

    @Test
    void refusesASecondInstanceOnTheSameDirectory() throws Exception {
        int[] ports = freePorts(4);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, HOST, ports[0], ports[1])) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, HOST, ports[2], ports[3]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka data directory " + dataDir.toAbsolutePath().normalize()
                            + " is already in use by another Kafka instance.");
            assertThat(portIsFree(ports[2])).isTrue();
            assertThat(portIsFree(ports[3])).isTrue();
            // The running instance is unaffected.
            assertThat(produce(kafka.bootstrapServers(), List.of("k=v"))).extracting(RecordMetadata::offset)
                    .containsExactly(0L);
        }
        // Once the first one is closed the directory can be used, on the other ports too.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, HOST, ports[2], ports[3]);
                Admin admin = admin(kafka.bootstrapServers())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                    .isEqualTo(1L);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<RecordMetadata> produce(String bootstrap, List<String> keyValues) throws Exception {
        Map<String, Object> conf = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<RecordMetadata> result = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(conf)) {
            for (String kv : keyValues) {
                String[] parts = kv.split("=", 2);
                result.add(producer.send(new ProducerRecord<>(TOPIC, parts[0], parts[1])).get());
            }
        }
        return result;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static Long committed(Admin admin, String group, TopicPartition tp) throws Exception {
        OffsetAndMetadata om = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
        return om == null ? null : om.offset();
    }

    /** Polls until exactly {@code count} records arrived (more is a failure), or fails after {@link #WAIT}. */
    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        assertThat(got).as("records polled").hasSize(count);
        return got;
    }

    private static List<String> asKeyValues(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.key() + "=" + r.value()).collect(Collectors.toList());
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName(HOST));
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        return s;
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static List<String> newThreads(Set<Thread> before) {
        return liveNonDaemonThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted()
                .collect(Collectors.toList());
    }

    private static void assertNoNewNonDaemonThreads(Set<Thread> before) throws InterruptedException {
        // close() has already joined Kafka's threads; the short grace only covers threads that are just exiting.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!newThreads(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(newThreads(before)).as("non-daemon threads left behind").isEmpty();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
