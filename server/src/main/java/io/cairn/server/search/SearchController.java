package io.cairn.server.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.search.Facets;
import io.cairn.search.SearchIndex;
import io.cairn.search.SearchQuery;
import io.cairn.search.SearchService;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.web.ApiProblem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Search and autocomplete (the rebuild is {@link ReindexController}'s). Parameter names follow Marquez's {@code /api/v1/search} where it has
 * them: {@code q}, {@code filter} (DATASET or JOB there; here also {@code facet:value}, repeatable), {@code sort}
 * (NAME, UPDATE_AT, or RELEVANCE, the default) and {@code limit}; {@code type} and {@code cursor} are Cairn's.
 */
@RestController
@ConditionalOnRole(CairnRole.API)
public class SearchController {

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/api/v1/search")
    ObjectNode search(Actor actor, @RequestParam(defaultValue = "") String q,
                      @RequestParam(required = false) List<String> type,
                      @RequestParam(required = false) List<String> filter,
                      @RequestParam(defaultValue = "RELEVANCE") String sort,
                      @RequestParam(defaultValue = "10") int limit,
                      @RequestParam(required = false) String cursor) {
        actor.require(Role.READER);
        Set<SearchIndex> types = EnumSet.noneOf(SearchIndex.class);
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String raw : split(type)) {
            types.add(index(raw, "type"));
        }
        for (String raw : split(filter)) {
            int colon = raw.indexOf(':');
            if (colon < 0) {
                types.add(index(raw, "filter"));
                continue;
            }
            String facet = raw.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = raw.substring(colon + 1).trim();
            if (Facets.field(facet).isEmpty()) {
                throw ApiProblem.badRequest("unknown facet '" + facet + "' in filter; facets: " + Facets.FIELDS.keySet());
            }
            if (value.isEmpty()) {
                throw ApiProblem.badRequest("filter '" + raw + "' has no value");
            }
            if (facet.equals("type")) {
                value = index(value, "filter").resultType();
            } else if (facet.equals("health")) {
                value = value.toLowerCase(Locale.ROOT);
            }
            filters.computeIfAbsent(facet, key -> new ArrayList<>()).add(value);
        }
        SearchQuery.Sort order;
        try {
            order = SearchQuery.Sort.valueOf(sort.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("sort must be RELEVANCE, NAME or UPDATE_AT, not '" + sort + "'");
        }
        return search.search(new SearchQuery(q, types, filters, order, limit, cursor));
    }

    @GetMapping("/api/v1/search/suggest")
    ObjectNode suggest(Actor actor, @RequestParam String q, @RequestParam(defaultValue = "10") int limit) {
        actor.require(Role.READER);
        if (q.isBlank() || q.length() > 100) {
            throw ApiProblem.badRequest("q must be 1 to 100 characters");
        }
        if (limit < 1 || limit > 50) {
            throw ApiProblem.badRequest("limit must be between 1 and 50");
        }
        return search.suggest(q, limit);
    }

    private static SearchIndex index(String raw, String parameter) {
        return SearchIndex.parse(raw).orElseThrow(() -> ApiProblem.badRequest("unknown " + parameter + " '" + raw
                + "'; expected one of DATASET, JOB, GLOSSARY_TERM, DOMAIN, PRINCIPAL"));
    }

    private static List<String> split(List<String> values) {
        List<String> parts = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        parts.add(part.trim());
                    }
                }
            }
        }
        return parts;
    }
}
