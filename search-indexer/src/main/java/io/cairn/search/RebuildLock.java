package io.cairn.search;

import io.cairn.metadata.changelog.Lease;
import java.time.Clock;
import java.time.Duration;
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
        return lease(owner).tryAcquire();
    }

    public void release(String owner) {
        lease(owner).release();
    }

    private Lease lease(String owner) {
        return new Lease(driver, sessionConfig, NAME, owner, ttl, clock);
    }
}
