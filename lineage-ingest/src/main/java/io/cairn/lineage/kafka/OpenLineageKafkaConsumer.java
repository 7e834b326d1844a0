package io.cairn.lineage.kafka;

import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.lineage.parse.InvalidEventException;
import io.cairn.metadata.auth.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLineage over Kafka: a consumer group on the topics the OpenLineage Kafka transport writes to (one JSON event
 * per record, keyed {@code run:<namespace>/<job>}).
 *
 * <p>Each poll becomes one graph write, so a busy topic is written in batches. Delivery is at least once: offsets are
 * committed only after the write (and any dead-lettering) succeeded; a failure rewinds to the batch's first offsets
 * and retries after a doubling backoff, so an outage of Neo4j or Kafka delays events but never skips one. Replays
 * are harmless because the writer is idempotent. A record that cannot be parsed, or that the writer refuses on its
 * own, goes to the dead-letter topic with the reason and its origin in headers; the rest of its batch is written.
 */
public final class OpenLineageKafkaConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageKafkaConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> kafkaProperties;
    private final KafkaIngestSettings settings;
    private final EventBodies bodies;
    private final LineageGraphWriter writer;
    private final Actor actor;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong committedBatches = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastCommit;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** How many events go into one graph write; only the consumer thread uses it. */
    private int chunk;
    private Thread thread;

    public OpenLineageKafkaConsumer(Map<String, Object> kafkaProperties, KafkaIngestSettings settings, EventBodies bodies,
                                    LineageGraphWriter writer, Actor actor) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.settings = settings;
        this.bodies = bodies;
        this.writer = writer;
        this.actor = actor;
        this.chunk = settings.maxPollRecords();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "cairn-openlineage-kafka");
        thread.setDaemon(true);
        thread.start();
    }

    public KafkaIngestState state() {
        return new KafkaIngestState(running, events.get(), deadLettered.get(), committedBatches.get(), lastError, lastCommit);
    }

    public KafkaIngestSettings settings() {
        return settings;
    }

    private void run() {
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        while (running) {
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                 KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
                consumer = kafka;
                createMissingTopics();
                kafka.subscribe(settings.topics());
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL);
                    if (records.isEmpty()) {
                        continue;
                    }
                    try {
                        process(records, deadLetters);
                    } catch (RetryLater failure) {
                        lastError = failure.getMessage();
                        Duration wait = backoff.next();
                        LOG.warn("Writing {} OpenLineage records failed; retrying in {} ms: {}", records.count(), wait.toMillis(), failure.getMessage());
                        rewind(kafka, records);
                        sleep(wait);
                        continue;
                    }
                    commit(kafka, records);
                    backoff.reset();
                }
            } catch (WakeupException stopping) {
                // close() woke the consumer.
            } catch (RuntimeException e) {
                if (running) {
                    lastError = Failures.describeChain(e);
                    Duration wait = backoff.next();
                    LOG.warn("The OpenLineage Kafka consumer failed; restarting it in {} ms: {}", wait.toMillis(), lastError);
                    sleep(wait);
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** Parses every record, writes the good ones in one unit of work, dead-letters the rest; throws to retry the batch. */
    private void process(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> deadLetters) {
        List<LineageEvent> parsed = new ArrayList<>(records.count());
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.count());
        List<ProducerRecord<byte[], byte[]>> refused = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null || record.value().length == 0) {
                refused.add(DeadLetters.of(settings.deadLetterTopic(), record, DeadLetters.Stage.PARSE,
                        "the record has no value; one OpenLineage event (a JSON object) is expected"));
                continue;
            }
            try {
                parsed.add(bodies.single(record.value()));
                sources.add(record);
            } catch (InvalidEventException e) {
                refused.add(DeadLetters.of(settings.deadLetterTopic(), record, DeadLetters.Stage.PARSE, e.getMessage()));
            }
        }
        write(parsed, sources, refused);
        send(deadLetters, refused);
        lastError = null;
    }

    /**
     * Writes the poll's events in chunks of the current chunk size (the whole poll while writes go well). A chunk
     * too big for one transaction (Neo4j's transaction timeout or memory limit) is split in halves and the chunk size
     * shrinks for the next polls; it grows back after each poll written without such a failure.
     */
    private void write(List<LineageEvent> parsed, List<ConsumerRecord<byte[], byte[]>> sources, List<ProducerRecord<byte[], byte[]>> refused) {
        boolean shrunk = false;
        for (int from = 0; from < parsed.size(); ) {
            int to = Math.min(parsed.size(), from + chunk);
            shrunk |= writeChunk(parsed.subList(from, to), sources.subList(from, to), refused);
            from = to;
        }
        if (!shrunk && chunk < settings.maxPollRecords()) {
            chunk = Math.min(settings.maxPollRecords(), chunk * 2);
        }
    }

    /** Returns whether the chunk had to be split because it was too big for one transaction. */
    private boolean writeChunk(List<LineageEvent> parsed, List<ConsumerRecord<byte[], byte[]>> sources,
                               List<ProducerRecord<byte[], byte[]>> refused) {
        if (parsed.isEmpty()) {
            return false;
        }
        try {
            writer.write(actor, parsed);
            events.addAndGet(parsed.size());
            return false;
        } catch (RuntimeException e) {
            boolean tooBig = Failures.tooBigForOneTransaction(e);
            if (tooBig && parsed.size() > 1) {
                chunk = Math.max(1, Math.min(chunk, parsed.size() / 2));
                LOG.warn("{} OpenLineage events were too many for one transaction ({}); writing them {} at a time", parsed.size(),
                        Failures.describe(e), chunk);
            } else if (Failures.transientFailure(e) || tooBig) {
                throw new RetryLater("the graph write failed: " + Failures.describeChain(e), e);
            } else if (parsed.size() == 1) {
                refused.add(DeadLetters.of(settings.deadLetterTopic(), sources.get(0), DeadLetters.Stage.WRITE,
                        "the graph write refused this event: " + Failures.describe(e)));
                return false;
            } else {
                // A refusal of the data itself: halve until the events the writer refuses on their own are found.
                LOG.warn("A batch of {} OpenLineage events was refused ({}); looking for the events at fault", parsed.size(), Failures.describe(e));
            }
            int half = parsed.size() / 2;
            boolean first = writeChunk(parsed.subList(0, half), sources.subList(0, half), refused);
            boolean second = writeChunk(parsed.subList(half, parsed.size()), sources.subList(half, parsed.size()), refused);
            return tooBig || first || second;
        }
    }

    private void send(KafkaProducer<byte[], byte[]> deadLetters, List<ProducerRecord<byte[], byte[]>> refused) {
        if (refused.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(refused.size());
        try {
            for (ProducerRecord<byte[], byte[]> record : refused) {
                sent.add(deadLetters.send(record));
            }
            deadLetters.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            throw new RetryLater("dead-lettering " + refused.size() + " records to " + settings.deadLetterTopic() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted while dead-lettering", e);
        }
        deadLettered.addAndGet(refused.size());
        for (ProducerRecord<byte[], byte[]> record : refused) {
            LOG.warn("An OpenLineage record was sent to {}: {}", settings.deadLetterTopic(),
                    new String(record.headers().lastHeader(DeadLetters.ERROR).value(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        try {
            kafka.commitSync(offsets);
            committedBatches.incrementAndGet();
            lastCommit = Instant.now();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Not committed means delivered again (to this node or, after a rebalance, another): at least once, and
            // the write is idempotent, so nothing is lost and nothing is doubled.
            lastError = "committing offsets failed (the batch will be read again): " + e;
            LOG.warn("Committing OpenLineage offsets failed; the batch will be read again: {}", e.toString());
        }
    }

    private void createMissingTopics() {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "cairn-openlineage-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : allTopics()) {
                if (!existing.contains(topic)) {
                    // The broker's defaults for partitions and replication: operators size production topics.
                    missing.add(new NewTopic(topic, Optional.empty(), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((topic, future) -> {
                    try {
                        future.get(15, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new IllegalStateException("timed out creating topic " + topic, e);
                    }
                });
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> allTopics() {
        List<String> all = new ArrayList<>(settings.topics());
        all.add(settings.deadLetterTopic());
        return all;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cairn-openlineage-consumer");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "cairn-openlineage-dlq");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static void rewind(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            kafka.seek(partition, records.records(partition).get(0).offset());
        }
    }

    /** Waits in short steps so that close() ends a backoff at once without interrupting the Kafka clients. */
    private void sleep(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The batch must be read again after a wait: nothing of it was committed. */
    private static final class RetryLater extends RuntimeException {
        RetryLater(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A doubling wait between attempts, reset after a success. */
    private static final class Backoff {
        private final Duration initial;
        private final Duration max;
        private Duration current;

        Backoff(Duration initial, Duration max) {
            this.initial = initial;
            this.max = max;
            this.current = initial;
        }

        Duration next() {
            Duration wait = current;
            current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
            return wait;
        }

        void reset() {
            current = initial;
        }
    }
}
