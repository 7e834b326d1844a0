package io.cairn.metadata.changelog;

import io.cairn.metadata.urn.Urn;
import java.util.Objects;

/**
 * A change made inside a write transaction, before it is numbered. {@code before} and {@code after} are JSON
 * summaries (null where there was no value), truncated by the change log when large.
 */
public record ChangeDraft(Urn urn, String aspect, long version, ChangeType changeType, String before, String after) {

    /**
     * A version for the change log to choose when it appends: the commit's time in milliseconds, raised to one above
     * the URN's last logged version when that is not lower, so versions of one URN strictly increase even for two
     * changes in one millisecond. For writers whose changes have no version of their own (lineage, dataset aliases).
     */
    public static final long NEXT_VERSION = Long.MIN_VALUE;

    public ChangeDraft {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(changeType, "changeType");
    }
}
