package io.cairn.metadata.store;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.changelog.ChangeDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.neo4j.driver.TransactionContext;

/**
 * One attempt of a write unit of work: the Neo4j transaction, who acts, one clock reading for the whole unit,
 * and the changes it made. The changes are appended to the change log in the same transaction when the work ends.
 */
public final class WriteTransaction {

    private final TransactionContext tx;
    private final Actor actor;
    private final Instant now;
    private final List<ChangeDraft> changes = new ArrayList<>();

    WriteTransaction(TransactionContext tx, Actor actor, Instant now) {
        this.tx = tx;
        this.actor = actor;
        this.now = now;
    }

    public TransactionContext tx() {
        return tx;
    }

    public Actor actor() {
        return actor;
    }

    public Instant now() {
        return now;
    }

    public void recordChange(ChangeDraft change) {
        changes.add(change);
    }

    List<ChangeDraft> changes() {
        return List.copyOf(changes);
    }
}
