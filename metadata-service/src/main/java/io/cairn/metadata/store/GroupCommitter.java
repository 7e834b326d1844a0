package io.cairn.metadata.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.changelog.ChangeLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;

/**
 * Runs concurrent units of work together, several per Neo4j transaction. Every commit that writes change events
 * holds the change-log counter's lock through its commit (that is what makes sequence order commit order), so one
 * transaction per unit caps the store at one commit (one log flush) at a time. Group commit shares that cost among
 * all units waiting at that moment; a lone writer still gets a transaction of its own at once.
 *
 * <p>Each unit is isolated in its failure: if it throws, the shared transaction is rolled back and the batch runs
 * again without it, and only its caller sees the exception. Units run strictly one after another inside a batch,
 * so the result is the same as committing them one by one in that order.
 */
final class GroupCommitter implements AutoCloseable {

    static final int MAX_BATCH = 64;

    private final Driver driver;
    private final SessionConfig sessionConfig;
    private final ChangeLog changeLog;
    private final Clock clock;
    private final Runnable afterCommitWithChanges;
    private final InProcessTransactions inProcess;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean running = true;

    /** @param inProcess runs the transactions in process when Neo4j runs in this JVM, or null to go over Bolt */
    GroupCommitter(Driver driver, SessionConfig sessionConfig, ChangeLog changeLog, Clock clock,
                   Runnable afterCommitWithChanges, int threads, InProcessTransactions inProcess) {
        this.driver = driver;
        this.inProcess = inProcess;
        this.sessionConfig = sessionConfig;
        this.changeLog = changeLog;
        this.clock = clock;
        this.afterCommitWithChanges = afterCommitWithChanges;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::run, "cairn-group-commit-" + i);
            thread.setDaemon(true);
            committers.add(thread);
            thread.start();
        }
    }

    <T> T submit(Actor actor, Function<WriteTransaction, T> work) {
        if (committers.contains(Thread.currentThread())) {
            throw new IllegalStateException("a unit of work cannot start another write; do both in one unit");
        }
        if (!running) {
            throw new IllegalStateException("the store is closed");
        }
        Unit<T> unit = new Unit<>(actor, work, new CompletableFuture<>());
        queue.add(unit);
        try {
            return unit.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                // Rethrown as is so callers see their own exception types; the stack is the committer's.
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void run() {
        while (running) {
            List<Unit<?>> batch = new ArrayList<>();
            try {
                Unit<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            commit(batch);
        }
        failPending(new IllegalStateException("the store is closed"));
    }

    private void commit(List<Unit<?>> batch) {
        try {
            commitTogether(batch);
        } catch (UnitFailure failure) {
            // One unit failed and took the shared transaction with it. The others go one by one, so that a batch
            // with several failing units costs at most one extra transaction per unit instead of a rerun per failure.
            Unit<?> failed = batch.get(failure.index);
            failed.result().completeExceptionally(failure.getCause());
            for (Unit<?> unit : batch) {
                if (unit != failed) {
                    try {
                        commitTogether(List.of(unit));
                    } catch (UnitFailure alone) {
                        unit.result().completeExceptionally(alone.getCause());
                    }
                }
            }
        }
    }

    /** Commits all units in one transaction and completes them, or throws the first unit's own failure. */
    private void commitTogether(List<Unit<?>> units) {
        List<Object> results;
        boolean[] changed = {false};
        try {
            results = inTransaction(tx -> runAll(tx, units, changed));
        } catch (UnitFailure failure) {
            throw failure;
        } catch (RuntimeException | Error e) {
            units.forEach(unit -> unit.result().completeExceptionally(e));
            return;
        }
        if (changed[0]) {
            afterCommitWithChanges.run();
        }
        for (int i = 0; i < units.size(); i++) {
            complete(units.get(i), results.get(i));
        }
    }

    private List<Object> inTransaction(Function<TransactionContext, List<Object>> work) {
        if (inProcess != null) {
            return inProcess.write(work);
        }
        try (var session = driver.session(sessionConfig)) {
            return session.executeWrite(work::apply);
        }
    }

    private List<Object> runAll(TransactionContext tx, List<Unit<?>> units, boolean[] changed) {
        List<Object> results = new ArrayList<>(units.size());
        List<ChangeLog.Entry> entries = new ArrayList<>(units.size());
        changed[0] = false;
        for (int i = 0; i < units.size(); i++) {
            Unit<?> unit = units.get(i);
            WriteTransaction write = new WriteTransaction(tx, unit.actor(), clock.instant());
            Object result;
            try {
                result = unit.work().apply(write);
            } catch (RuntimeException e) {
                if (e instanceof org.neo4j.driver.exceptions.RetryableException) {
                    // Deadlocks and other transient failures: the driver runs the whole batch again.
                    throw e;
                }
                throw new UnitFailure(i, e);
            }
            entries.add(new ChangeLog.Entry(unit.actor(), write.now(), write.changes()));
            changed[0] |= !write.changes().isEmpty();
            results.add(result);
        }
        // Last, and once for the whole batch: this takes the change-log counter's lock, held until commit.
        changeLog.append(tx, entries);
        return results;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Unit<T> unit, Object result) {
        unit.result().complete((T) result);
    }

    private void failPending(RuntimeException failure) {
        Unit<?> unit;
        while ((unit = queue.poll()) != null) {
            unit.result().completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : committers) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failPending(new IllegalStateException("the store is closed"));
    }

    private record Unit<T>(Actor actor, Function<WriteTransaction, T> work, CompletableFuture<T> result) {
    }

    /** Carries a unit's own failure out of the shared transaction, so that only this unit is dropped. */
    private static final class UnitFailure extends RuntimeException {
        private final int index;

        UnitFailure(int index, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
        }
    }
}
