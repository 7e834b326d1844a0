package io.cairn.catalog;

import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.metadata.store.WriteTransaction;
import java.util.UUID;

/**
 * The {@code Idempotency-Key} one request's change commits under. The catalog claims it in the unit of work of the
 * change ({@link IdempotencyStore#claim}), with the metadata file the change produced, so that a retry after a
 * crash between commit and answer is answered from what was committed instead of acting again.
 */
public final class IdempotentChange {

    private final IdempotencyStore store;
    private final String key;
    private final String fingerprint;
    /** Tells this request's own earlier units of work (a request may take more than one) from a duplicate's. */
    private final String claimant = UUID.randomUUID().toString();
    private volatile String resultLocation;
    private volatile boolean claimed;

    public IdempotentChange(IdempotencyStore store, String key, String fingerprint) {
        this.store = store;
        this.key = key;
        this.fingerprint = fingerprint;
    }

    /** The metadata file of the table or view the change produced. */
    void resultLocation(String location) {
        this.resultLocation = location;
    }

    void claim(WriteTransaction unit) {
        store.claim(unit, key, claimant, fingerprint, resultLocation);
        claimed = true;
    }

    /**
     * Whether a unit of work of this change claimed the key. Read once the change succeeded: its units then all
     * committed (a unit that failed and ran again claimed again), so the key is in the store with the change.
     */
    public boolean claimed() {
        return claimed;
    }
}
