package io.cairn.lineage.graph;

/** What one ingested batch did: events taken, graph changes recorded in the change log, column edges created. */
public record IngestResult(int events, int changes, int newColumnEdges) {
}
