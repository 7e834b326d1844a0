package io.cairn.metadata.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final InProcessTransactions inProcess;

    public GraphStore(Driver driver, String database, ChangeLog changeLog, ChangeSignal committed, Clock clock) {
        this(driver, database, changeLog, committed, clock, null);
    }

    /**
     * @param inProcess runs units of work and reads in process when the database runs in this JVM, or null to run
     *                  them over Bolt
     */
    public GraphStore(Driver driver, String database, ChangeLog changeLog, ChangeSignal committed, Clock clock,
                      InProcessTransactions inProcess) {
        this.driver = driver;
        this.inProcess = inProcess;
        this.database = database;
        this.committer = new GroupCommitter(driver, sessionConfig(), changeLog, clock, committed::committed, COMMITTERS,
                inProcess);
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

    /**
     * Runs {@code work} in a write transaction of its own, outside the group commit and without change events: for
     * bookkeeping that is not metadata (a lease, which change events Kafka holds). In process when Neo4j runs in this
     * JVM: over Bolt, the relay's and the indexer's statements following each commit made Bolt 13% of all CPU under
     * 16 committing clients (measured).
     */
    public <T> T writeBookkeeping(Function<TransactionContext, T> work) {
        if (inProcess != null) {
            return inProcess.write(work);
        }
        try (var session = driver.session(sessionConfig())) {
            return session.executeWrite(work::apply);
        }
    }

    public <T> T read(Function<TransactionContext, T> work) {
        if (inProcess != null) {
            return inProcess.read(work);
        }
        try (var session = driver.session(sessionConfig())) {
            return session.executeRead(work::apply);
        }
    }

    /**
     * The named properties of the one node with {@code label} whose properties equal {@code key} (a property the node
     * lacks maps to null), or empty; for point look-ups on a unique key that a hot path makes once per request. In
     * process it is an index seek through Neo4j's core API: the catalog entry look-up of every loadTable was a third
     * of the server's CPU as a one-line statement, most of it in Cypher's query cache and runtime (measured). Over
     * Bolt it is that statement.
     *
     * @param label      a label, written in code (not user input)
     * @param properties property names, written in code (not user input)
     * @throws IllegalStateException if more than one node matches
     */
    public Optional<Map<String, Object>> findNode(String label, Map<String, Object> key, List<String> properties) {
        if (inProcess != null) {
            return inProcess.findNode(label, key, properties);
        }
        List<Map<String, Object>> rows = readRows(FindNodeStatement.of(label, key.keySet(), properties), key);
        if (rows.size() > 1) {
            throw new IllegalStateException("more than one :" + label + " node has the key " + key);
        }
        return rows.stream().findFirst().map(row -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> node = (Map<String, Object>) row.get(FindNodeStatement.COLUMN);
            return node;
        });
    }

    /**
     * One read statement's rows as maps of plain values, in its own transaction: in process when Neo4j runs in this
     * JVM (a catalog entry look-up, the whole of a cached table load's graph work, spent most of its time in the Bolt
     * round trip through the loopback: measured), else an auto-commit statement over Bolt, one round trip where
     * {@link #read} takes three. Several statements that must see one snapshot belong in {@link #read}.
     */
    public List<Map<String, Object>> readRows(String cypher, Map<String, Object> parameters) {
        if (inProcess != null) {
            return inProcess.read(tx -> tx.run(cypher, parameters).list(Record::asMap));
        }
        try (var session = driver.session(readConfig)) {
            return session.run(cypher, parameters).list(Record::asMap);
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
