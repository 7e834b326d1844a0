package io.cairn.catalog.store;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;

/**
 * Results of mutations sent with an {@code Idempotency-Key}, kept for the advertised lifetime so a retry returns the
 * first result instead of acting twice. Kept in Neo4j so every Cairn node behind a load balancer sees them.
 */
public final class IdempotencyStore {

    /** A stored result, and what it answered (a key reused for another request is refused). */
    public record Result(String fingerprint, int status, String body) {
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
                    RETURN k.fingerprint AS fingerprint, k.status AS status, k.body AS body
                    """, Map.of("key", key, "now", clock.millis()))
                    .list(record -> new Result(record.get("fingerprint").asString(), record.get("status").asInt(),
                            record.get("body").isNull() ? null : record.get("body").asString()))
                    .stream().findFirst());
        }
    }

    /** Keeps the first result of a key; a concurrent duplicate that finished later does not overwrite it. */
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
                        THEN {fingerprint: $fingerprint, status: $status, body: $body, expiresAt: $expiresAt} ELSE {} END
                    """, parameters).consume());
            // Expired keys are swept a few at a time by the writers themselves; no scheduler needed.
            session.executeWrite(tx -> tx.run("""
                    MATCH (k:IdempotencyRecord) WHERE k.expiresAt < $now WITH k LIMIT 100 DELETE k
                    """, Map.of("now", clock.millis())).consume());
        }
    }
}
