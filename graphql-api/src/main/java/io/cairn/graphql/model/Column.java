package io.cairn.graphql.model;

/** A column; {@code sourceDescription} is the doc the catalog or the OpenLineage schema facet gave. */
public record Column(String urn, String name, String datasetUrn, String dataType, Boolean required, String sourceDescription)
        implements Node {

    @Override
    public String type() {
        return "COLUMN";
    }
}
