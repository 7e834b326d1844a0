package io.cairn.graphql.read;

/** The column edges into ({@code upstream}) or out of a column: the key of the batched column-edge loader. */
public record ColumnEdgeKey(String columnUrn, boolean upstream) {
}
