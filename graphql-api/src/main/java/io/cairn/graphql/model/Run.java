package io.cairn.graphql.model;

/** One run of a job. */
public record Run(String urn, String runId, String state, String startedAt, String endedAt) implements Node {

    @Override
    public String type() {
        return "RUN";
    }
}
