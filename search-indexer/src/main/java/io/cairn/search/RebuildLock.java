package io.cairn.search;

import io.cairn.metadata.changelog.Lease;
import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;

/**
 * One index rebuild at a time across every Cairn node: a lease node in Neo4j (as the change-log relay uses) held by
 * the running rebuild and renewed after every page. A node that dies mid-rebuild loses it when it expires, and the
 * next start resumes from the saved cursors.
 */
public final class RebuildLock {

    static final String NAME = "search-rebuild";

    private final GraphStore store;
    private final Duration ttl;
    private final Clock clock;

    public RebuildLock(GraphStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Takes the lock for {@code owner}, or renews it if {@code owner} holds it; false if another rebuild holds it. */
    public boolean tryAcquire(String owner) {
        return lease(owner).tryAcquire();
    }

    public void release(String owner) {
        lease(owner).release();
    }

    private Lease lease(String owner) {
        return new Lease(store, NAME, owner, ttl, clock);
    }
}
