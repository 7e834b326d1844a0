package io.cairn.server.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.graphql.port.SearchSource;
import io.cairn.search.Facets;
import io.cairn.search.SearchIndex;
import io.cairn.search.SearchQuery;
import io.cairn.search.SearchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The GraphQL API's search, over search-indexer's {@link SearchService}; facet names and values as REST search takes them. */
final class SearchServiceSource implements SearchSource {

    private final SearchService search;

    SearchServiceSource(SearchService search) {
        this.search = search;
    }

    @Override
    public int maxPage() {
        return SearchQuery.MAX_LIMIT;
    }

    @Override
    public SearchPage search(String text, Map<String, List<String>> filters, int limit, String cursor) {
        Map<String, List<String>> checked = new LinkedHashMap<>();
        filters.forEach((facet, values) -> {
            String name = facet.strip().toLowerCase(Locale.ROOT);
            if (Facets.field(name).isEmpty()) {
                throw new IllegalArgumentException("unknown facet '" + facet + "'; facets: " + Facets.FIELDS.keySet());
            }
            List<String> normalised = new ArrayList<>();
            for (String value : values) {
                if (name.equals("type")) {
                    normalised.add(SearchIndex.parse(value).orElseThrow(() -> new IllegalArgumentException("unknown type '" + value
                            + "'; expected one of DATASET, JOB, GLOSSARY_TERM, DOMAIN, PRINCIPAL")).resultType());
                } else {
                    normalised.add(name.equals("health") ? value.toLowerCase(Locale.ROOT) : value);
                }
            }
            checked.computeIfAbsent(name, k -> new ArrayList<>()).addAll(normalised);
        });
        ObjectNode answer = search.search(new SearchQuery(text, Set.of(), checked, SearchQuery.Sort.RELEVANCE, limit, cursor));
        List<Hit> hits = new ArrayList<>();
        for (JsonNode result : answer.path("results")) {
            Map<String, List<String>> highlights = new LinkedHashMap<>();
            result.path("highlights").fields().forEachRemaining(field -> {
                List<String> fragments = new ArrayList<>();
                field.getValue().forEach(fragment -> fragments.add(fragment.asText()));
                highlights.put(field.getKey(), fragments);
            });
            hits.add(new Hit(result.path("urn").asText(), result.path("type").asText(), result.path("name").asText(),
                    result.path("namespace").asText(null), result.path("description").asText(null), result.path("platform").asText(null),
                    result.hasNonNull("score") ? result.get("score").asDouble() : null, highlights));
        }
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        answer.path("facets").fields().forEachRemaining(facet -> {
            List<FacetCount> counts = new ArrayList<>();
            facet.getValue().forEach(bucket -> counts.add(new FacetCount(bucket.path("value").asText(), bucket.path("count").asLong())));
            facets.put(facet.getKey(), counts);
        });
        return new SearchPage(answer.path("totalCount").asLong(), hits, answer.hasNonNull("nextCursor") ? answer.get("nextCursor").asText() : null,
                facets);
    }
}
