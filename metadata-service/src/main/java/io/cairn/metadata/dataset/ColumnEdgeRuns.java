package io.cairn.metadata.dataset;

/**
 * How a reader gets the last run that confirmed a column edge. An edge of its job's newest lineage into a dataset
 * holds no run of its own: that run is kept once on the set, {@code (:Job)-[:COLUMN_LINEAGE {key: job, lastRun}]->(:Dataset)}
 * (see {@code io.cairn.lineage.graph.ColumnLineageSets}), so a job that runs again with the same lineage writes one relationship, not every
 * edge. These Cypher expressions give the edge's own run if it has one and the set's otherwise.
 */
public final class ColumnEdgeRuns {

    private ColumnEdgeRuns() {
    }

    /** For {@code (source)-[edge:FEEDS]->(target)}: the last run, given the variables bound to the edge and its target column. */
    public static String feeds(String edge, String targetColumn) {
        return "coalesce(%1$s.lastRun, head([(%2$s)<-[:HAS_COLUMN]-(:Dataset)<-[columnLineageSet:COLUMN_LINEAGE {key: %1$s.job}]-(:Job)"
                .formatted(edge, targetColumn) + " | columnLineageSet.lastRun]))";
    }

    /** For {@code (source)-[edge:FEEDS_DATASET]->(target)}: the last run, given the edge and its target dataset. */
    public static String feedsDataset(String edge, String targetDataset) {
        return "coalesce(%1$s.lastRun, head([(%2$s)<-[columnLineageSet:COLUMN_LINEAGE {key: %1$s.job}]-(:Job)".formatted(edge, targetDataset)
                + " | columnLineageSet.lastRun]))";
    }
}
