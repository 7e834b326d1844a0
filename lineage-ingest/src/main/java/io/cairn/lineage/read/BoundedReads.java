package io.cairn.lineage.read;

import io.cairn.metadata.store.GraphStore;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.Query;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.TransientException;

/**
 * Runs a read in one transaction whose timeout Neo4j enforces, and checks a deadline of its own between the
 * statements of a multi-step read (Neo4j checks a transaction's timeout periodically, so many short statements could
 * otherwise add up past it). Either way the caller gets a {@link LineageTimeoutException}.
 */
public final class BoundedReads {

    private final GraphStore store;
    private final Duration timeout;

    public BoundedReads(GraphStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public <T> T read(Function<Deadline, T> work) {
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
        try (var session = store.driver().session(store.sessionConfig())) {
            return session.executeRead(tx -> work.apply(deadline.with(tx)), TransactionConfig.builder().withTimeout(timeout).build());
        } catch (ClientException | TransientException e) {
            String code = e.code() == null ? "" : e.code();
            if (code.contains("TransactionTimedOut") || code.contains("Terminated")) {
                throw deadline.exceeded();
            }
            throw e;
        }
    }

    /** The transaction of one bounded read and the time by which it must be done. */
    public static final class Deadline {
        private final long endNanos;
        private final Duration limit;
        private TransactionContext tx;

        Deadline(long endNanos, Duration limit) {
            this.endNanos = endNanos;
            this.limit = limit;
        }

        Deadline with(TransactionContext tx) {
            this.tx = new Checked(tx, this);
            return this;
        }

        /** The read's transaction; every statement run through it first checks the deadline. */
        public TransactionContext tx() {
            check();
            return tx;
        }

        /** Throws {@link LineageTimeoutException} once the read has run past its limit. */
        public void check() {
            if (System.nanoTime() > endNanos) {
                throw exceeded();
            }
        }

        LineageTimeoutException exceeded() {
            return new LineageTimeoutException("the lineage query ran past the server's limit of " + limit.toMillis()
                    + " ms; ask for less depth, a smaller page or start from a narrower node");
        }
    }

    /** A transaction whose every statement first checks the read's deadline. */
    private record Checked(TransactionContext tx, Deadline deadline) implements TransactionContext {

        @Override
        public Result run(String query, Value parameters) {
            deadline.check();
            return tx.run(query, parameters);
        }

        @Override
        public Result run(String query, Map<String, Object> parameters) {
            deadline.check();
            return tx.run(query, parameters);
        }

        @Override
        public Result run(String query, Record parameters) {
            deadline.check();
            return tx.run(query, parameters);
        }

        @Override
        public Result run(String query) {
            deadline.check();
            return tx.run(query);
        }

        @Override
        public Result run(Query query) {
            deadline.check();
            return tx.run(query);
        }
    }
}
