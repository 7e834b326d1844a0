package io.cairn.catalog.store;

import io.cairn.metadata.store.WriteTransaction;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;

/**
 * Results of mutations sent with an {@code Idempotency-Key}, kept for the advertised lifetime so a retry returns the
 * first result instead of acting twice. Kept in Neo4j so every Cairn node behind a load balancer sees them.
 *
 * <p>A mutation that changes the catalog {@linkplain #claim claims} its key inside its own unit of work, so the key is
 * committed exactly when the change is: a crash after the commit leaves a {@linkplain Result#pending() pending}
 * record (the change happened, its answer was not yet kept) from which a retry is answered, and a mutation that
 * fails leaves nothing. The answer itself is added once it is known ({@link #remember}).
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

    private final Driver driver;
    private final SessionConfig sessionConfig;
    private final Clock clock;
    private final Duration lifetime;

    public IdempotencyStore(Driver driver, SessionConfig sessionConfig, Clock clock, Duration lifetime) {
        this.driver = driver;
        this.sessionConfig = sessionConfig;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Optional<Result> find(String key) {
        try (var session = driver.session(sessionConfig)) {
            return session.executeRead(tx -> tx.run("""
                    MATCH (k:IdempotencyRecord {key: $key}) WHERE k.expiresAt > $now
                    RETURN k.fingerprint AS fingerprint, k.status AS status, k.body AS body, k.resultLocation AS location
                    """, Map.of("key", key, "now", clock.millis()))
                    .list(IdempotencyStore::result)
                    .stream().findFirst());
        }
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
        try (var session = driver.session(sessionConfig)) {
            session.executeWrite(tx -> tx.run("""
                    MERGE (k:IdempotencyRecord {key: $key})
                    ON CREATE SET k.fingerprint = $fingerprint, k.status = $status, k.body = $body, k.expiresAt = $expiresAt
                    ON MATCH SET k += CASE WHEN k.expiresAt <= $now
                        THEN {fingerprint: $fingerprint, status: $status, body: $body, expiresAt: $expiresAt, resultLocation: null}
                        WHEN k.status = 0 AND k.fingerprint = $fingerprint THEN {status: $status, body: $body}
                        ELSE {} END
                    """, parameters).consume());
            // Expired keys are swept a few at a time by the writers themselves; no scheduler needed.
            session.executeWrite(tx -> tx.run("""
                    MATCH (k:IdempotencyRecord) WHERE k.expiresAt < $now WITH k LIMIT 100 DELETE k
                    """, Map.of("now", clock.millis())).consume());
        }
    }

    private static Result result(Record record) {
        return new Result(record.get("fingerprint").asString(), record.get("status").asInt(),
                record.get("body").isNull() ? null : record.get("body").asString(),
                record.get("location").isNull() ? null : record.get("location").asString());
    }
}
