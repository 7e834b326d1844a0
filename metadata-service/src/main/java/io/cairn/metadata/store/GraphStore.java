package io.cairn.metadata.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;

/**
 * The store of record. Every write runs as a unit of work in one Neo4j transaction that also appends its
 * change events to the change log, so a change is never committed without its event, nor the other way round.
 * The driver retries transient failures (deadlocks, leader switches) by running the whole unit again.
 */
public final class GraphStore implements AutoCloseable {

    /**
     * One committer: two let a batch run while the other commits, but their batches then deadlock on each other's
     * entity locks and the driver's retry backoff (1 s, 2 s, 4 s) shows as multi-second stalls (measured).
     */
    private static final int COMMITTERS = 1;

    private final Driver driver;
    private final String database;
    private final GroupCommitter committer;
    private final SessionConfig readConfig;

    public GraphStore(Driver driver, String database, ChangeLog changeLog, ChangeSignal committed, Clock clock) {
        this.driver = driver;
        this.database = database;
        this.committer = new GroupCommitter(driver, sessionConfig(), changeLog, clock, committed::committed, COMMITTERS);
        SessionConfig.Builder reads = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
        this.readConfig = (database == null || database.isBlank() ? reads : reads.withDatabase(database)).build();
    }

    /**
     * Runs {@code work} in a write transaction and appends its change events there. The work may run more than once
     * (transient failures are retried) and may share its transaction with other callers' work (group commit), so it
     * must do nothing but graph work: no I/O outside Neo4j, no side effects that cannot be repeated.
     */
    public <T> T write(Actor actor, Function<WriteTransaction, T> work) {
        return committer.submit(actor, work);
    }

    public <T> T read(Function<TransactionContext, T> work) {
        try (var session = driver.session(sessionConfig())) {
            return session.executeRead(work::apply);
        }
    }

    /**
     * One read statement in an auto-commit transaction: one round trip where {@link #read} takes three (begin, run,
     * commit), which halves the latency of hot single look-ups such as a catalog entry (measured). Several statements
     * that must see one snapshot belong in {@link #read}.
     */
    public <T> List<T> readStatement(String cypher, Map<String, Object> parameters, Function<Record, T> mapper) {
        try (var session = driver.session(readConfig)) {
            return session.run(cypher, parameters).list(mapper::apply);
        }
    }

    public Driver driver() {
        return driver;
    }

    public SessionConfig sessionConfig() {
        return database == null || database.isBlank()
                ? SessionConfig.defaultConfig()
                : SessionConfig.forDatabase(database);
    }

    /** Stops the committer threads; writes still queued fail. */
    @Override
    public void close() {
        committer.close();
    }
}
