package io.cairn.metadata.changelog;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the relay as soon as a local write commits, so that changes reach Kafka (and search) in milliseconds
 * instead of a poll interval. Writes made by other nodes are still found by polling.
 */
public final class ChangeSignal {

    private final Semaphore permits = new Semaphore(0);

    public void committed() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits until a commit is signalled or the timeout passes; true if signalled. */
    public boolean await(Duration timeout) throws InterruptedException {
        boolean signalled = permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        permits.drainPermits();
        return signalled;
    }
}
