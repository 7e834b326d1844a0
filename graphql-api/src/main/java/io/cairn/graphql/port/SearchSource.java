package io.cairn.graphql.port;

import java.util.List;
import java.util.Map;

/**
 * Search, implemented by the server over search-indexer. Unknown facets and foreign cursors are
 * {@link IllegalArgumentException}s (BAD_USER_INPUT).
 */
public interface SearchSource {

    /** The largest page search answers. */
    int maxPage();

    SearchPage search(String text, Map<String, List<String>> filters, int limit, String cursor);

    record SearchPage(long totalCount, List<Hit> hits, String nextCursor, Map<String, List<FacetCount>> facets) {
        public SearchPage {
            hits = List.copyOf(hits);
            facets = Map.copyOf(facets);
        }
    }

    record Hit(String urn, String type, String name, String namespace, String description, String platform, Double score,
               Map<String, List<String>> highlights) {
    }

    record FacetCount(String value, long count) {
    }
}
