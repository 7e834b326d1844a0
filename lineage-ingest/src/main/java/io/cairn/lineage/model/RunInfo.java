package io.cairn.lineage.model;

import java.util.Map;
import java.util.UUID;

/** The run of a run event; {@code parent} and {@code root} come from the {@code parent} run facet. */
public record RunInfo(UUID runId, RunRef parent, RunRef root, Map<String, String> facets) {

    public RunInfo {
        facets = Map.copyOf(facets);
    }
}
