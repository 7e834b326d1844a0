package io.cairn.graphql.port;

import java.util.List;

/**
 * Lineage reads by URN, implemented by the server over lineage-ingest (a protocol module the API must not depend on).
 * Every read is bounded by the lineage caps (depth, fan-out, nodes, time); answers are URNs in breadth-first order,
 * which the API resolves to entities in batches. An unknown start is a {@code GraphQlInputException} NOT_FOUND; the
 * lineage time limit is LIMIT_EXCEEDED.
 */
public interface LineageSource {

    /** The deepest walk the server allows; deeper requests are answered at this depth and marked truncated. */
    int maxDepth();

    /** The most nodes one answer may hold. */
    int maxNodes();

    /** Datasets and jobs around a dataset or job, through jobs' current reads and writes. */
    DatasetLineage lineage(String startUrn, LineageDirection direction, int depth);

    /** Columns upstream and/or downstream of a column, with the job and transformations of each edge. */
    ColumnLineage columnLineage(String columnUrn, LineageDirection direction, int depth);

    /** Everything downstream of a dataset, or of one of its columns ({@code columnUrn} null: the whole dataset). */
    ImpactSet impact(String datasetUrn, String columnUrn);

    /** Dataset-level lineage: node URNs (datasets and jobs) and READS/WRITES links. */
    record DatasetLineage(List<String> nodes, List<Link> links, boolean truncated) {
        public DatasetLineage {
            nodes = List.copyOf(nodes);
            links = List.copyOf(links);
        }
    }

    /** {@code from} flows into {@code to} through {@code job}; kind is READS or WRITES. */
    record Link(String from, String to, String job, String kind) {
    }

    /** Column-level lineage: column URNs and edges between them. */
    record ColumnLineage(List<String> columns, List<ColumnLink> links, boolean truncated) {
        public ColumnLineage {
            columns = List.copyOf(columns);
            links = List.copyOf(links);
        }
    }

    /** One column edge per (from, to, job), with every transformation the job reported for it. */
    record ColumnLink(String from, String to, String job, List<TransformationInfo> transformations, String lastRun) {
        public ColumnLink {
            transformations = List.copyOf(transformations);
        }
    }

    record TransformationInfo(String type, String subtype, String description, boolean masking) {
    }

    /** Downstream columns, datasets and jobs, nearest first. */
    record ImpactSet(List<String> columns, List<String> datasets, List<String> jobs, boolean truncated) {
        public ImpactSet {
            columns = List.copyOf(columns);
            datasets = List.copyOf(datasets);
            jobs = List.copyOf(jobs);
        }
    }
}
