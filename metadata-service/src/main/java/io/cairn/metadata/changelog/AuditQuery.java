package io.cairn.metadata.changelog;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A page request over the change log, newest first. {@code cursor} is the sequence number below which to
 * continue (the {@code nextCursor} of the previous page).
 */
public record AuditQuery(Optional<String> urn, Optional<String> principal, Optional<Instant> since, OptionalLong cursor, int limit) {

    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
