package io.cairn.lineage.model;

import java.util.Map;

/** A job: namespace + name identify it; facets are canonical JSON texts by facet key. */
public record JobInfo(String namespace, String name, Map<String, String> facets) {

    public JobInfo {
        facets = Map.copyOf(facets);
    }
}
