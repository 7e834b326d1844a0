package io.cairn.catalog.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.WriteTransaction;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.Record;

/**
 * Results of mutations sent with an {@code Idempotency-Key}, kept for the advertised lifetime so a retry returns the
 * first result instead of acting twice. Kept in Neo4j so every Cairn node behind a load balancer sees them.
 *
 * <p>A mutation that changes the catalog {@linkplain #claim claims} its key inside its own unit of work, so the key is
 * committed exactly when the change is: a crash after the commit leaves a {@linkplain Result#pending() pending}
 * record (the change happened, its answer was not yet kept) from which a retry is answered, and a mutation that
 * fails leaves nothing. The answer itself is added once it is known ({@link #remember}), unless the claim is enough
 * to rebuild it exactly (a table or view answer from its metadata file, a 204): then the first retry adds it.
 */
public final class IdempotencyStore {

    /**
     * A stored result and what request it answered (a key reused for another request is refused). A pending one
     * ({@code status} 0) records a committed change whose answer was not kept; {@code resultLocation} is then the
     * metadata file the change produced, if it produced one.
     */
    public record Result(String fingerprint, int status, String body, String resultLocation) {

        public Result(String fingerprint, int status, String body) {
            this(fingerprint, status, body, null);
        }

        public boolean pending() {
            return status == 0;
        }
    }

    /** A unit of work that claims a key someone else's change already holds (a concurrent duplicate). */
    public static final class KeyTakenException extends RuntimeException {
        public KeyTakenException(String key) {
            super("Idempotency-Key " + key + " is held by a change already committed");
        }
    }

    private static final long SWEEP_INTERVAL_MS = 1_000;
    private static final int SWEEP_LIMIT = 5_000;

    private final GraphStore store;
    private final Clock clock;
    private final Duration lifetime;
    /** When a sweep last ran (clock millis); shared by the request threads and the group committer. */
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE / 2);

    public IdempotencyStore(GraphStore store, Clock clock, Duration lifetime) {
        this.store = store;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Optional<Result> find(String key) {
        return store.readRows("""
                MATCH (k:IdempotencyRecord {key: $key}) WHERE k.expiresAt > $now
                RETURN k.fingerprint AS fingerprint, k.status AS status, k.body AS body, k.resultLocation AS location
                """, Map.of("key", key, "now", clock.millis()))
                .stream().findFirst().map(IdempotencyStore::result);
    }

    /**
     * Records, inside the unit of work of the change it guards, that the change under {@code key} committed. An
     * expired record of the key is taken over, and so is one the same request ({@code claimant}) made in an earlier
     * unit of work; any other live one means a duplicate committed first, and this unit must not.
     */
    public void claim(WriteTransaction unit, String key, String claimant, String fingerprint, String resultLocation) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("key", key);
        parameters.put("claimant", claimant);
        parameters.put("fingerprint", fingerprint);
        parameters.put("location", resultLocation);
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("expiresAt", unit.now().toEpochMilli() + lifetime.toMillis());
        Record claimed = unit.tx().run("""
                MERGE (k:IdempotencyRecord {key: $key})
                ON CREATE SET k.claimed = true
                WITH k, coalesce(k.claimed, false) OR coalesce(k.expiresAt <= $now, false)
                        OR coalesce(k.claimant = $claimant, false) AS ours
                SET k += CASE WHEN ours
                    THEN {fingerprint: $fingerprint, status: 0, body: null, resultLocation: coalesce($location, k.resultLocation),
                          claimant: $claimant, expiresAt: $expiresAt}
                    ELSE {} END
                REMOVE k.claimed
                RETURN ours
                """, parameters).single();
        if (!claimed.get("ours").asBoolean()) {
            throw new KeyTakenException(key);
        }
        // A change whose answer is rebuilt from its claim never calls remember, so the claim sweeps as well.
        sweep(unit, unit.now().toEpochMilli());
    }

    /**
     * Deletes expired records, at most once per {@link #SWEEP_INTERVAL_MS} per store: a sweep in every commit's
     * transaction was a query per commit that almost always found nothing. Expired records are never answered from
     * (find and claim check the expiry), so sweeping later only keeps them on disk a little longer; each sweep
     * deletes up to {@link #SWEEP_LIMIT}, more than a second's worth of keys at thousands of mutations a second.
     */
    private void sweep(WriteTransaction unit, long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_MS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        unit.tx().run("""
                MATCH (k:IdempotencyRecord) WHERE k.expiresAt < $now WITH k LIMIT $limit DELETE k
                """, Map.of("now", now, "limit", SWEEP_LIMIT)).consume();
    }

    /**
     * Keeps the answer of a key: fills in a pending record (the change claimed it) or creates one (a request that
     * changed nothing, such as a final client error). A record that already holds an answer keeps it.
     */
    public void remember(String key, Result result) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("key", key);
        parameters.put("fingerprint", result.fingerprint());
        parameters.put("status", result.status());
        parameters.put("body", result.body());
        parameters.put("now", clock.millis());
        parameters.put("expiresAt", clock.millis() + lifetime.toMillis());
        // The answer and a sweep of a few expired keys, in one transaction (no change to log: keys are not metadata).
        store.write(Actor.system(), unit -> {
            unit.tx().run("""
                    MERGE (k:IdempotencyRecord {key: $key})
                    ON CREATE SET k.fingerprint = $fingerprint, k.status = $status, k.body = $body, k.expiresAt = $expiresAt
                    ON MATCH SET k += CASE WHEN k.expiresAt <= $now
                        THEN {fingerprint: $fingerprint, status: $status, body: $body, expiresAt: $expiresAt, resultLocation: null}
                        WHEN k.status = 0 AND k.fingerprint = $fingerprint THEN {status: $status, body: $body}
                        ELSE {} END
                    """, parameters).consume();
            sweep(unit, clock.millis());
            return null;
        });
    }

    private static Result result(Map<String, Object> row) {
        return new Result((String) row.get("fingerprint"), ((Number) row.get("status")).intValue(),
                (String) row.get("body"), (String) row.get("location"));
    }
}
