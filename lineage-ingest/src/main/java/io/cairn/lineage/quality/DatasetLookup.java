package io.cairn.lineage.quality;

import io.cairn.metadata.urn.Urn;

/** The dataset URN that an event's namespace and name resolved to in the batch being written. */
@FunctionalInterface
public interface DatasetLookup {
    Urn urn(String namespace, String name);
}
