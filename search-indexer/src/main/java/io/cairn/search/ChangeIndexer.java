package io.cairn.search;

import io.cairn.metadata.changelog.ChangeEvent;
import io.cairn.metadata.changelog.ChangeEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental path: a consumer group on the change-log topic. For each batch it takes every changed URN once (a
 * column's change counts for its dataset), reads the entity's current document from Neo4j, writes it with the
 * newest event's sequence number as the external version, and only then commits the offsets. A failure (Neo4j or
 * Elasticsearch down) rewinds to the batch's first offsets and retries with backoff, so nothing is lost; the
 * versions make the replays harmless.
 */
public final class ChangeIndexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeIndexer.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /**
     * Each batch waits for an Elasticsearch refresh (up to a second), so the batch size bounds how many change events
     * a second the indexer keeps up with. At 1,000 a batch the index fell seconds behind a burst of new lineage (a new
     * job writes several change events: its datasets, their columns, the run, the job version); changes to one entity
     * in a batch cost one document, so larger batches are also cheaper per event.
     */
    private static final int MAX_POLL_RECORDS = 5_000;

    private final Map<String, Object> kafkaProperties;
    private final SearchSettings settings;
    private final DocumentSource source;
    private final DocumentWriter writer;
    private final ChangeEventCodec codec;
    private final RenameFanOut fanOut;
    private final AtomicLong indexedSeq = new AtomicLong();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ChangeIndexer(Map<String, Object> kafkaProperties, SearchSettings settings, DocumentSource source, DocumentWriter writer,
                         ChangeEventCodec codec) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.settings = settings;
        this.source = source;
        this.writer = writer;
        this.codec = codec;
        this.fanOut = new RenameFanOut(source, writer);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "cairn-search-indexer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The highest change-log sequence number this indexer has written (for tests and health). */
    public long indexedSeq() {
        return indexedSeq.get();
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cairn-search-indexer");
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                kafka.subscribe(List.of(settings.topic()));
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                    if (records.isEmpty()) {
                        continue;
                    }
                    try {
                        index(records);
                        kafka.commitSync();
                        backoff = Duration.ofMillis(200);
                    } catch (RuntimeException failure) {
                        LOG.warn("Indexing {} change events failed; retrying in {} ms", records.count(), backoff.toMillis(), failure);
                        rewind(kafka, records);
                        sleep(backoff);
                        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
                    }
                }
            } catch (WakeupException stopping) {
                // close() woke the consumer.
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("The search indexer's consumer failed; restarting it: {}", e.toString());
                    sleep(backoff);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void index(ConsumerRecords<String, byte[]> records) {
        Map<String, Long> newest = new LinkedHashMap<>();
        Map<String, Long> renamed = new LinkedHashMap<>();
        long maxSeq = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            ChangeEvent event;
            try {
                event = codec.decode(record.value());
            } catch (RuntimeException notAnEvent) {
                LOG.warn("Skipping a record on {} that is not a change event (offset {})", record.topic(), record.offset());
                continue;
            }
            maxSeq = Math.max(maxSeq, event.seq());
            if (RenameFanOut.isRename(event)) {
                renamed.merge(event.urn(), event.seq(), Math::max);
            }
            Optional<String> target = Targets.of(event.urn());
            target.ifPresent(urn -> newest.merge(urn, event.seq(), Math::max));
        }
        List<DocumentWriter.Versioned> documents = new ArrayList<>(newest.size());
        source.loadAll(List.copyOf(newest.keySet())).forEach((urn, doc) -> documents.add(new DocumentWriter.Versioned(doc, newest.get(urn))));
        // wait_for: the write returns once the change is visible to search, which is the freshness promise.
        writer.write(documents, true);
        renamed.forEach((urn, seq) -> fanOut.refresh(urn, seq));
        long seen = maxSeq;
        indexedSeq.accumulateAndGet(seen, Math::max);
    }

    private static void rewind(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            kafka.seek(partition, new OffsetAndMetadata(inPartition.get(0).offset()));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
