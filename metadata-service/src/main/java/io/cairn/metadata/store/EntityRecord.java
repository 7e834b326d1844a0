package io.cairn.metadata.store;

import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** An entity's identity and the newest version of each of its aspects. */
public record EntityRecord(Urn urn, Instant createdAt, String createdBy, Instant updatedAt, Map<String, Long> aspectVersions) {

    public EntityRecord {
        aspectVersions = java.util.Collections.unmodifiableMap(new TreeMap<>(aspectVersions));
    }
}
