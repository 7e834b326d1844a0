package io.cairn.graphql.model;

/** A job known from OpenLineage. */
public record Job(String urn, String namespace, String name, String createdAt) implements Node {

    @Override
    public String type() {
        return "JOB";
    }
}
