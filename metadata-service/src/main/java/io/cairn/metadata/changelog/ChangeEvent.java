package io.cairn.metadata.changelog;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed change, as stored in the change log and published on the {@code cairn.changes} topic. {@code seq}
 * is the global commit order; {@code (urn, aspect, version)} identifies the change, so consumers ignore any event
 * whose version is not newer than what they hold. This record is the change-log contract.
 */
public record ChangeEvent(
        long seq,
        String urn,
        String entityType,
        String aspect,
        long version,
        ChangeType changeType,
        String principal,
        Instant at,
        String before,
        String after) {

    public ChangeEvent {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(at, "at");
    }
}
