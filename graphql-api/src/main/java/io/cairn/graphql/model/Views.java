package io.cairn.graphql.model;

import java.util.List;

/** Small values the schema shows inside entities. */
public final class Views {

    private Views() {
    }

    public record Property(String key, String value) {
    }

    public record Ownership(Principal principal, String ownershipType) {
    }

    public record DatasetAlias(String kind, String name) {

        /** The kind, from the alias key's grammar ({@code DatasetName}). */
        public static DatasetAlias of(String key) {
            String kind = key.startsWith("openlineage:") ? "OPENLINEAGE"
                    : key.startsWith("iceberg:") ? "CATALOG_TABLE"
                    : key.startsWith("hive://") ? "HIVE_TABLE"
                    : "LOCATION";
            return new DatasetAlias(kind, key);
        }
    }

    public record SchemaVersion(long version, Integer schemaId, String schemaJson, String createdAt, String createdBy) {
    }

    public record Snapshot(String snapshotId, String committedAt, String operation, List<Property> summary) {
    }

    public record Facet(String name, String json, String at) {
    }

    public record Freshness(String lastWrittenAt, String lastWrittenRunUrn) {
    }

    public record Deprecation(boolean deprecated, String note, String decommissionDate) {
    }

    public record Highlight(String field, List<String> fragments) {
    }

    public record FacetValue(String value, long count) {
    }

    public record SearchFacet(String field, List<FacetValue> values) {
    }

    public record Me(Principal principal, String role) {
    }
}
