package io.cairn.search;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One search request. {@code filters} map a facet name to the values wanted (values of one facet are alternatives,
 * facets combine with AND). {@code sort} is RELEVANCE, NAME or UPDATE_AT (Marquez's names).
 */
public record SearchQuery(String text, Set<SearchIndex> types, Map<String, List<String>> filters, Sort sort, int limit, String cursor) {

    public enum Sort { RELEVANCE, NAME, UPDATE_AT }

    public static final int MAX_LIMIT = 100;

    public SearchQuery {
        text = text == null ? "" : text.strip();
        types = Set.copyOf(types);
        filters = Map.copyOf(filters);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (text.length() > 1_000) {
            throw new IllegalArgumentException("q is longer than 1000 characters");
        }
    }
}
