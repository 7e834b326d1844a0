package io.cairn.metadata.aspect;

import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.Objects;

/** One stored version of an aspect: versions start at 1 and every write adds one; old ones stay readable. */
public record AspectVersion(Urn urn, String aspect, long version, String valueJson, Instant createdAt, String createdBy) {

    public AspectVersion {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(valueJson, "valueJson");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (version < 1) {
            throw new IllegalArgumentException("aspect versions start at 1");
        }
    }
}
