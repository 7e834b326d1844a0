package io.cairn.metadata.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import java.time.Clock;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;

/**
 * The store of record. Every write runs as a unit of work in one Neo4j transaction that also appends its
 * change events to the change log, so a change is never committed without its event, nor the other way round.
 * The driver retries transient failures (deadlocks, leader switches) by running the whole unit again.
 */
public final class GraphStore {

    private final Driver driver;
    private final String database;
    private final ChangeLog changeLog;
    private final ChangeSignal committed;
    private final Clock clock;

    public GraphStore(Driver driver, String database, ChangeLog changeLog, ChangeSignal committed, Clock clock) {
        this.driver = driver;
        this.database = database;
        this.changeLog = changeLog;
        this.committed = committed;
        this.clock = clock;
    }

    public <T> T write(Actor actor, Function<WriteTransaction, T> work) {
        boolean[] changed = {false};
        T result;
        try (var session = driver.session(sessionConfig())) {
            result = session.executeWrite(tx -> {
                WriteTransaction unit = new WriteTransaction(tx, actor, clock.instant());
                T value = work.apply(unit);
                changeLog.append(tx, actor, unit.now(), unit.changes());
                changed[0] = !unit.changes().isEmpty();
                return value;
            });
        }
        if (changed[0]) {
            committed.committed();
        }
        return result;
    }

    public <T> T read(Function<TransactionContext, T> work) {
        try (var session = driver.session(sessionConfig())) {
            return session.executeRead(work::apply);
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
}
