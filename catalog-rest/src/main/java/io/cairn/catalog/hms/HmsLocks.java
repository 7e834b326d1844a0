package io.cairn.catalog.hms;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.NoSuchLockException;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponse;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponseElement;
import org.apache.thrift.TException;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

/**
 * Metastore locks, kept in Neo4j so that every Cairn instance serving the metastore sees the same ones. A lock is
 * one {@code :HmsLock} node per component, all sharing the lock id; it expires unless heartbeated, so a client that
 * dies cannot block a table for longer than {@link #TIMEOUT}. Every lock-state change first writes the single
 * {@code :HmsLockSequence} node, which serialises them across instances through Neo4j's write lock.
 */
final class HmsLocks {

    /** Hive's default {@code hive.txn.timeout}. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_COMPONENTS = 1000;
    private static final int MAX_LISTED = 10_000;

    private final GraphStore store;
    private final Clock clock;

    HmsLocks(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    LockResponse lock(Actor actor, String warehouse, LockRequest request) throws TException {
        List<LockComponent> components = request.getComponent() == null ? List.of() : request.getComponent();
        if (components.isEmpty() || components.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("A lock request needs 1 to " + MAX_COMPONENTS + " components");
        }
        boolean readOnly = components.stream().allMatch(component -> component.getType() == LockType.SHARED_READ);
        actor.require(readOnly ? Role.READER : Role.WRITER);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LockComponent component : components) {
            if (component.getDbname() == null || component.getDbname().isBlank()) {
                throw new IllegalArgumentException("Every lock component needs a database name");
            }
            Map<String, Object> row = new HashMap<>();
            row.put("db", HmsNames.parseDatabase(component.getDbname()).database());
            row.put("table", component.getLevel() == LockLevel.DB ? null : HmsNames.lower(component.getTablename()));
            row.put("type", (component.getType() == null ? LockType.EXCLUSIVE : component.getType()).name());
            rows.add(row);
        }
        long now = clock.millis();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("components", rows);
        parameters.put("now", now);
        parameters.put("expires", now + TIMEOUT.toMillis());
        parameters.put("user", request.isSetUser() ? request.getUser() : actor.name());
        parameters.put("host", request.getHostname());
        parameters.put("agent", request.getAgentInfo());
        parameters.put("txnid", request.getTxnid());
        return write(tx -> {
            long id = serialise(tx, now).get("next").asLong();
            parameters.put("id", id);
            tx.run("""
                    UNWIND $components AS c
                    CREATE (:HmsLock {id: $id, warehouse: $warehouse, db: c.db, table: c.table, type: c.type,
                                      state: 'WAITING', user: $user, host: $host, agentInfo: $agent, txnid: $txnid,
                                      lastHeartbeat: $now, expiresAt: $expires})
                    """, parameters).consume();
            return new LockResponse(id, tryAcquire(tx, id, now));
        });
    }

    LockResponse check(long lockId) throws TException {
        long now = clock.millis();
        LockState state = write(tx -> {
            serialise(tx, now);
            return tryAcquire(tx, lockId, now);
        });
        if (state == null) {
            throw new NoSuchLockException("No such lock: " + lockId);
        }
        return new LockResponse(lockId, state);
    }

    void unlock(long lockId) throws TException {
        long removed = write(tx -> tx.run("MATCH (l:HmsLock {id: $id}) DETACH DELETE l RETURN count(*) AS removed",
                Map.of("id", lockId)).single().get("removed").asLong());
        if (removed == 0) {
            throw new NoSuchLockException("No such lock: " + lockId);
        }
    }

    void heartbeat(long lockId) throws TException {
        if (lockId <= 0) {
            return;
        }
        long now = clock.millis();
        long found = write(tx -> tx.run("""
                MATCH (l:HmsLock {id: $id}) WHERE l.expiresAt >= $now
                SET l.lastHeartbeat = $now, l.expiresAt = $expires
                RETURN count(l) AS found
                """, Map.of("id", lockId, "now", now, "expires", now + TIMEOUT.toMillis())).single().get("found").asLong());
        if (found == 0) {
            throw new NoSuchLockException("No such lock: " + lockId + " (it was released or expired)");
        }
    }

    ShowLocksResponse show(String warehouse, ShowLocksRequest request) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("db", request.isSetDbname() ? HmsNames.parseDatabase(request.getDbname()).database() : null);
        parameters.put("table", request.isSetTablename() ? HmsNames.lower(request.getTablename()) : null);
        parameters.put("now", clock.millis());
        parameters.put("limit", MAX_LISTED);
        List<ShowLocksResponseElement> locks = store.read(tx -> tx.run("""
                MATCH (l:HmsLock {warehouse: $warehouse})
                WHERE l.expiresAt >= $now AND ($db IS NULL OR l.db = $db) AND ($table IS NULL OR l.table = $table)
                RETURN l ORDER BY l.id LIMIT $limit
                """, parameters).list(record -> element(record.get("l").asMap())));
        return new ShowLocksResponse(locks);
    }

    private static ShowLocksResponseElement element(Map<String, Object> lock) {
        ShowLocksResponseElement element = new ShowLocksResponseElement();
        element.setLockid((Long) lock.get("id"));
        element.setDbname((String) lock.get("db"));
        element.setTablename((String) lock.get("table"));
        element.setState(LockState.valueOf((String) lock.get("state")));
        element.setType(LockType.valueOf((String) lock.get("type")));
        element.setLastheartbeat((Long) lock.get("lastHeartbeat"));
        if (lock.get("acquiredAt") != null) {
            element.setAcquiredat((Long) lock.get("acquiredAt"));
        }
        element.setUser(String.valueOf(lock.getOrDefault("user", "")));
        element.setHostname(String.valueOf(lock.getOrDefault("host", "")));
        if (lock.get("agentInfo") != null) {
            element.setAgentInfo((String) lock.get("agentInfo"));
        }
        element.setTxnid((Long) lock.getOrDefault("txnid", 0L));
        return element;
    }

    /** Takes the global lock-table write lock, drops expired locks and returns the next lock id. */
    private static Record serialise(TransactionContext tx, long now) {
        Record next = tx.run("""
                MERGE (s:HmsLockSequence {name: 'hms'})
                ON CREATE SET s.next = 0
                SET s.next = s.next + 1
                RETURN s.next AS next
                """).single();
        tx.run("MATCH (l:HmsLock) WHERE l.expiresAt < $now WITH l LIMIT 1000 DETACH DELETE l", Map.of("now", now)).consume();
        return next;
    }

    /** Acquires every component of the lock if none conflicts with an acquired lock; null when the lock is gone. */
    private static LockState tryAcquire(TransactionContext tx, long id, long now) {
        List<Map<String, Object>> mine = tx.run("MATCH (l:HmsLock {id: $id}) RETURN l", Map.of("id", id))
                .list(record -> record.get("l").asMap());
        if (mine.isEmpty()) {
            return null;
        }
        if ("ACQUIRED".equals(mine.get(0).get("state"))) {
            return LockState.ACQUIRED;
        }
        for (Map<String, Object> component : mine) {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("id", id);
            parameters.put("warehouse", component.get("warehouse"));
            parameters.put("db", component.get("db"));
            parameters.put("table", component.get("table"));
            List<String> held = tx.run("""
                    MATCH (l:HmsLock {warehouse: $warehouse, db: $db, state: 'ACQUIRED'})
                    WHERE l.id <> $id AND ($table IS NULL OR l.table IS NULL OR l.table = $table)
                    RETURN l.type AS type LIMIT 1000
                    """, parameters).list(record -> record.get("type").asString());
            LockType wanted = LockType.valueOf((String) component.get("type"));
            for (String other : held) {
                if (conflicts(wanted, LockType.valueOf(other))) {
                    return LockState.WAITING;
                }
            }
        }
        tx.run("MATCH (l:HmsLock {id: $id}) SET l.state = 'ACQUIRED', l.acquiredAt = $now, l.lastHeartbeat = $now",
                Map.of("id", id, "now", now)).consume();
        return LockState.ACQUIRED;
    }

    /** Readers share with everyone but exclusive holders; exclusive conflicts with all; writes with writes. */
    static boolean conflicts(LockType wanted, LockType held) {
        if (wanted == LockType.EXCLUSIVE || held == LockType.EXCLUSIVE) {
            return true;
        }
        if (wanted == LockType.SHARED_READ || held == LockType.SHARED_READ) {
            return false;
        }
        return true;
    }

    private <T> T write(java.util.function.Function<TransactionContext, T> work) {
        try (var session = store.driver().session(store.sessionConfig())) {
            return session.executeWrite(work::apply);
        }
    }
}
