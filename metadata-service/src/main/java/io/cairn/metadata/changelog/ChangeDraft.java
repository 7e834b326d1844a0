package io.cairn.metadata.changelog;

import io.cairn.metadata.urn.Urn;
import java.util.Objects;

/**
 * A change made inside a write transaction, before it is numbered. {@code before} and {@code after} are JSON
 * summaries (null where there was no value), truncated by the change log when large.
 */
public record ChangeDraft(Urn urn, String aspect, long version, ChangeType changeType, String before, String after) {

    public ChangeDraft {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(changeType, "changeType");
    }
}
