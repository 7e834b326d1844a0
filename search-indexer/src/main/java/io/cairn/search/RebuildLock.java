package io.cairn.search;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;

/**
 * One index rebuild at a time across every Cairn node: a lease node in Neo4j (as the change-log relay uses) held by
 * the running rebuild and renewed after every page. A node that dies mid-rebuild loses it when it expires, and the
 * next start resumes from the saved cursors.
 */
public final class RebuildLock {

    static final String NAME = "search-rebuild";

    private final Driver driver;
    private final SessionConfig sessionConfig;
    private final Duration ttl;
    private final Clock clock;

    public RebuildLock(Driver driver, SessionConfig sessionConfig, Duration ttl, Clock clock) {
        this.driver = driver;
        this.sessionConfig = sessionConfig;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Takes the lock for {@code owner}, or renews it if {@code owner} holds it; false if another rebuild holds it. */
    public boolean tryAcquire(String owner) {
        long now = clock.millis();
        try (var session = driver.session(sessionConfig)) {
            return session.executeWrite(tx -> tx.run("""
                    MERGE (l:Lease {name: $name})
                    WITH l
                    WHERE l.owner IS NULL OR l.owner = $owner OR l.expiresAt < $now
                    SET l.owner = $owner, l.expiresAt = $now + $ttl
                    RETURN count(l) AS taken
                    """, Map.of("name", NAME, "owner", owner, "now", now, "ttl", ttl.toMillis())).single().get("taken").asLong() == 1);
        }
    }

    public void release(String owner) {
        try (var session = driver.session(sessionConfig)) {
            session.executeWrite(tx -> tx.run("MATCH (l:Lease {name: $name, owner: $owner}) SET l.owner = null, l.expiresAt = 0",
                    Map.of("name", NAME, "owner", owner)).consume());
        }
    }
}
