package io.cairn.metadata.changelog;

import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A named lease in Neo4j, so that of several Cairn nodes exactly one does a thing at a time: relays the change log
 * (order per URN needs a single publisher), rebuilds the search index. A node that dies loses the lease when it
 * expires.
 *
 * <p>A holder renews it once a third of its time has passed, not on every call: the relay asks before every batch,
 * and a write transaction per batch only to say "still mine" cost as much as the batch's own bookkeeping. No other
 * node can take the lease before it expires, so the holder knows it is still its own until then.
 */
public final class Lease {

    private final GraphStore store;
    private final String name;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    /** Until when this node may skip renewing (0: ask Neo4j). */
    private volatile long renewAfter;

    public Lease(GraphStore store, String name, String owner, Duration ttl, Clock clock) {
        this.store = store;
        this.name = name;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Takes or renews the lease; true if this node holds it now. */
    public boolean tryAcquire() {
        long now = clock.millis();
        if (now < renewAfter) {
            return true;
        }
        boolean taken = store.writeBookkeeping(tx -> tx.run("""
                MERGE (l:Lease {name: $name})
                WITH l
                WHERE l.owner IS NULL OR l.owner = $owner OR l.expiresAt < $now
                SET l.owner = $owner, l.expiresAt = $now + $ttl
                RETURN count(l) AS taken
                """, Map.of("name", name, "owner", owner, "now", now, "ttl", ttl.toMillis()))
                .single().get("taken").asLong() == 1);
        renewAfter = taken ? now + ttl.toMillis() / 3 : 0;
        return taken;
    }

    public void release() {
        renewAfter = 0;
        store.writeBookkeeping(tx -> tx.run("""
                MATCH (l:Lease {name: $name, owner: $owner}) SET l.owner = null, l.expiresAt = 0
                """, Map.of("name", name, "owner", owner)).consume());
    }
}
