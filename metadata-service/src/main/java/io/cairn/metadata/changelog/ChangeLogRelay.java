package io.cairn.metadata.changelog;

import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the change log to Kafka in commit order, keyed by URN, and marks what Kafka acknowledged. While Kafka
 * is unreachable it backs off and tries again; nothing is skipped, and after a restart it resumes from the first
 * unmarked event. Delivery is at least once (a crash between the acknowledgement and the mark resends a batch):
 * consumers drop an event whose version they already hold.
 */
public final class ChangeLogRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogRelay.class);

    private final GraphStore store;
    private final Map<String, Object> kafkaConfig;
    private final RelaySettings settings;
    private final ChangeEventCodec codec;
    private final ChangeSignal signal;
    private final Lease lease;
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;
    private volatile String lastError;
    private Producer<String, byte[]> producer;

    public ChangeLogRelay(GraphStore store, Map<String, Object> kafkaConfig, RelaySettings settings, ChangeEventCodec codec,
                          ChangeSignal signal, Clock clock) {
        this.store = store;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.settings = settings;
        this.codec = codec;
        this.signal = signal;
        this.lease = new Lease(store, "changelog-relay", UUID.randomUUID().toString(), settings.leaseTtl(), clock);
        this.thread = new Thread(this::run, "cairn-changelog-relay");
        this.thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** How many events this relay has published since it started. */
    public long publishedCount() {
        return published.get();
    }

    /** The last failure, or null once a batch went through again. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        Duration backoff = settings.initialBackoff();
        while (running) {
            try {
                if (!lease.tryAcquire()) {
                    signal.await(settings.leaseTtl().dividedBy(3));
                    continue;
                }
                int count = publishBatch();
                lastError = null;
                backoff = settings.initialBackoff();
                if (count == 0) {
                    signal.await(settings.pollInterval());
                } else if (count < settings.batchSize() && !settings.linger().isZero()) {
                    Thread.sleep(settings.linger().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                lastError = e.toString();
                LOG.warn("Change log relay could not publish ({}); retrying in {} ms", e.getMessage(), backoff.toMillis());
                closeProducer();
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            }
        }
    }

    private int publishBatch() throws InterruptedException {
        List<ChangeEvent> batch = pending();
        if (batch.isEmpty()) {
            return 0;
        }
        Producer<String, byte[]> target = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        RuntimeException failure = null;
        for (ChangeEvent event : batch) {
            try {
                acks.add(target.send(new ProducerRecord<>(settings.topic(), event.urn(), codec.encode(event))));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        target.flush();
        int acknowledged = 0;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(1, TimeUnit.MINUTES);
                acknowledged++;
            } catch (ExecutionException | TimeoutException e) {
                failure = new IllegalStateException("Kafka did not acknowledge change " + batch.get(acknowledged).seq()
                        + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
                break;
            }
        }
        // Marking the acknowledged prefix keeps the order: the next batch starts at the first unacknowledged event.
        if (acknowledged > 0) {
            markPublished(batch.subList(0, acknowledged));
            published.addAndGet(acknowledged);
        }
        if (failure != null) {
            throw failure;
        }
        return acknowledged;
    }

    private List<ChangeEvent> pending() {
        return store.read(tx -> tx.run("""
                MATCH (c:PendingChange) WHERE c.seq >= 0
                RETURN c ORDER BY c.seq LIMIT $limit
                """, Map.of("limit", settings.batchSize()))
                .list(record -> ChangeEvents.fromNode(record.get("c"))));
    }

    private void markPublished(List<ChangeEvent> events) {
        List<Long> seqs = events.stream().map(ChangeEvent::seq).toList();
        store.writeBookkeeping(tx -> tx.run("""
                UNWIND $seqs AS seq
                MATCH (c:PendingChange {seq: seq})
                REMOVE c:PendingChange
                SET c.publishedAt = timestamp()
                """, Map.of("seqs", seqs)).consume());
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            ensureTopic();
            Properties properties = new Properties();
            properties.putAll(kafkaConfig);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
            properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cairn-changelog-relay");
            producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void ensureTopic() {
        Properties properties = new Properties();
        properties.putAll(kafkaConfig);
        properties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        properties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())))
                    .all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + settings.topic() + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // A producer that cannot reach Kafka may fail to close cleanly; a new one replaces it.
            }
            producer = null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer();
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.debug("Could not release the relay lease; it expires by itself", e);
        }
    }
}
