package io.cairn.lineage.model;

import java.util.List;
import java.util.Map;

/**
 * A dataset as an event names it.
 *
 * @param schema the {@code schema} facet's fields flattened to paths, or null when the event carries none
 * @param symlinks other names of the same dataset ({@code symlinks} facet)
 * @param columnLineage the {@code columnLineage} facet, or null
 * @param facets dataset facets as canonical JSON by key (all of them, unknown ones too)
 * @param ioFacets input or output facets (data quality, statistics) as canonical JSON by key
 */
public record DatasetInfo(String namespace, String name, List<Field> schema, List<Symlink> symlinks,
                          ColumnLineage columnLineage, Map<String, String> facets, Map<String, String> ioFacets) {

    public DatasetInfo {
        schema = schema == null ? null : List.copyOf(schema);
        symlinks = List.copyOf(symlinks);
        facets = Map.copyOf(facets);
        ioFacets = Map.copyOf(ioFacets);
    }

    /** A column of the schema facet; nested fields have dotted paths. */
    public record Field(String path, String type, String description) {
    }

    public record Symlink(String namespace, String name, String type) {
    }
}
