package io.cairn.lineage.retention;

import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw OpenLineage events older than the retention (by the time Cairn received them), on a schedule and in
 * batches: each transaction deletes at most {@code batchSize} events found through the {@code receivedAt} index, so a
 * large backlog never becomes one huge transaction. The lineage graph itself is never touched: only the verbatim
 * copies of events go. Safe to run on every ingest node at once (deleting is idempotent).
 */
public final class RawEventPruner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RawEventPruner.class);

    private final GraphStore store;
    private final Duration retention;
    private final Duration interval;
    private final int batchSize;
    private final Clock clock;
    private final AtomicLong pruned = new AtomicLong();
    private ScheduledExecutorService scheduler;

    public RawEventPruner(GraphStore store, RetentionSettings settings, Clock clock) {
        this.store = store;
        this.retention = settings.retention();
        this.interval = settings.interval();
        this.batchSize = settings.batchSize();
        this.clock = clock;
    }

    public synchronized void start() {
        if (retention.isZero() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-raw-event-pruner");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::pruneQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes every raw event received before now minus the retention; returns how many went. */
    public long pruneNow() {
        if (retention.isZero()) {
            return 0;
        }
        long cutoff = clock.millis() - retention.toMillis();
        long total = 0;
        while (true) {
            long deleted;
            try (var session = store.driver().session(store.sessionConfig())) {
                deleted = session.executeWrite(tx -> tx.run("""
                        MATCH (r:RawLineageEvent) WHERE r.receivedAt < $cutoff
                        WITH r LIMIT $batch
                        DETACH DELETE r
                        RETURN count(*) AS deleted
                        """, Map.of("cutoff", cutoff, "batch", batchSize)).single().get("deleted").asLong());
            }
            total += deleted;
            if (deleted < batchSize) {
                break;
            }
        }
        pruned.addAndGet(total);
        return total;
    }

    /** Raw events deleted since start. */
    public long prunedCount() {
        return pruned.get();
    }

    private void pruneQuietly() {
        try {
            long deleted = pruneNow();
            if (deleted > 0) {
                LOG.info("Deleted {} raw OpenLineage events older than {}", deleted, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning raw OpenLineage events failed; trying again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
