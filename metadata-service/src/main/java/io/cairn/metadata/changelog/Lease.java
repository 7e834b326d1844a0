package io.cairn.metadata.changelog;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;

/**
 * A named lease in Neo4j, so that of several Cairn nodes exactly one does a thing at a time: relays the change log
 * (order per URN needs a single publisher), rebuilds the search index. A node that dies loses the lease when it
 * expires.
 */
public final class Lease {

    private final Driver driver;
    private final SessionConfig sessionConfig;
    private final String name;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;

    public Lease(Driver driver, SessionConfig sessionConfig, String name, String owner, Duration ttl, Clock clock) {
        this.driver = driver;
        this.sessionConfig = sessionConfig;
        this.name = name;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Takes or renews the lease; true if this node holds it now. */
    public boolean tryAcquire() {
        long now = clock.millis();
        try (var session = driver.session(sessionConfig)) {
            return session.executeWrite(tx -> tx.run("""
                    MERGE (l:Lease {name: $name})
                    WITH l
                    WHERE l.owner IS NULL OR l.owner = $owner OR l.expiresAt < $now
                    SET l.owner = $owner, l.expiresAt = $now + $ttl
                    RETURN count(l) AS taken
                    """, Map.of("name", name, "owner", owner, "now", now, "ttl", ttl.toMillis()))
                    .single().get("taken").asLong() == 1);
        }
    }

    public void release() {
        try (var session = driver.session(sessionConfig)) {
            session.executeWrite(tx -> tx.run("""
                    MATCH (l:Lease {name: $name, owner: $owner}) SET l.owner = null, l.expiresAt = 0
                    """, Map.of("name", name, "owner", owner)).consume());
        }
    }
}
