package io.cairn.graphql.model;

/** A dataset as its node holds it; governance and catalog aspects are loaded per field, in batches. */
public record Dataset(String urn, String name, String qualifiedName, String platform, String kind, String location,
                      boolean removed, String createdAt, String updatedAt) implements Node {

    @Override
    public String type() {
        return "DATASET";
    }
}
