package io.cairn.metadata.governance;

/** A governance write names an entity, term or domain that does not exist; nothing was written. */
public final class GovernanceNotFoundException extends RuntimeException {
    public GovernanceNotFoundException(String message) {
        super(message);
    }
}
