package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Answers search. Ranking, in order of weight: an exact name or qualified-name match (a keyword term query with a
 * boost no text score reaches, so it always ranks first, DataHub #10331 / PR #7725); an exact column name; then full
 * text over names, qualified names, descriptions, columns, tags, terms and owners where every term is optional and
 * each matching term adds score (more matches rank higher, none is required); then a fuzzy pass for typos, weighted
 * low so that correct spellings win. Facets are disjunctive: each facet's counts apply every filter but its own.
 */
public final class SearchService {

    private static final String[] TEXT_FIELDS = {
            "name^6", "name.words^5", "qualifiedName^3", "qualifiedName.words^3", "columnNames^2", "columnNames.words^2",
            "description", "columnDescriptions^0.5", "tags.text^2", "termNames.text^2", "ownerNames.text^2", "domainName.text"};
    /**
     * Typos are looked for in names and in the small vocabularies (tags, terms, owners) only: expanding a misspelt word
     * against every column name and qualified name of 100,000 datasets cost more than the rest of the query together.
     */
    private static final String[] FUZZY_FIELDS = {"name.words^3", "tags.text", "termNames.text", "ownerNames.text"};
    private static final String[] HIGHLIGHT_FIELDS = {
            "name", "name.words", "qualifiedName", "qualifiedName.words", "description", "columnNames", "columnNames.words",
            "columnDescriptions", "tags.text", "termNames.text", "ownerNames.text"};
    private static final int FACET_SIZE = 25;
    private static final String MOST_WORDS = "75%";
    private static final String ALL_WORDS = "100%";

    private final EsHttp es;
    private final SearchSettings settings;
    private final ObjectMapper mapper;

    public SearchService(EsHttp es, SearchSettings settings) {
        this.es = es;
        this.settings = settings;
        this.mapper = es.mapper();
    }

    public ObjectNode search(SearchQuery query) {
        ObjectNode body = mapper.createObjectNode();
        body.put("size", query.limit());
        body.put("track_total_hits", true);
        body.set("query", textQuery(query.text()));
        ObjectNode postFilter = filters(query.filters(), null);
        if (postFilter != null) {
            body.set("post_filter", postFilter);
        }
        ObjectNode aggs = body.putObject("aggs");
        for (Map.Entry<String, String> facet : Facets.FIELDS.entrySet()) {
            ObjectNode others = filters(query.filters(), facet.getKey());
            ObjectNode counts = mapper.createObjectNode();
            counts.putObject("terms").put("field", facet.getValue()).put("size", FACET_SIZE);
            if (others == null) {
                // No filter wrapper when there is nothing to filter: a match_all filter around the terms made
                // Elasticsearch count every facet value filter by filter, doubling the time of a text query.
                aggs.set(facet.getKey(), counts);
            } else {
                ObjectNode wrapper = aggs.putObject(facet.getKey());
                wrapper.set("filter", others);
                wrapper.putObject("aggs").set("values", counts);
            }
        }
        body.set("sort", sort(query.sort()));
        if (query.cursor() != null && !query.cursor().isBlank()) {
            body.set("search_after", decodeCursor(query.cursor()));
        }
        ObjectNode highlight = body.putObject("highlight");
        highlight.put("number_of_fragments", 3).put("fragment_size", 150).put("require_field_match", false);
        if (!query.text().isEmpty()) {
            // Highlighting with the scoring query rebuilt the fuzzy clause's automata for every hit and field: at
            // 100,000 datasets that was most of a query's time (profiled). Typo matches go unhighlighted instead.
            highlight.set("highlight_query", wordsQuery(query.text(), HIGHLIGHT_FIELDS));
        }
        ObjectNode fields = highlight.putObject("fields");
        for (String field : HIGHLIGHT_FIELDS) {
            fields.putObject(field);
        }
        body.putArray("_source").add("urn").add("type").add("name").add("namespace").add("qualifiedName").add("description")
                .add("platform").add("tags").add("owners").add("terms").add("domain").add("health").add("deprecated").add("updatedAt")
                .add("lastSuccessfulWrite");

        JsonNode answer = es.require("POST", "/" + targets(query) + "/_search", body);
        return answerOf(query, answer);
    }

    /** Completion on names and qualified names, tolerant of one typo; best and exact prefixes first. */
    public ObjectNode suggest(String prefix, int limit) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("_source").add("urn").add("type").add("name");
        ObjectNode completion = body.putObject("suggest").putObject("names").put("prefix", prefix).putObject("completion");
        completion.put("field", "suggest").put("size", limit).put("skip_duplicates", true);
        if (prefix.length() >= 4) {
            completion.putObject("fuzzy").put("fuzziness", 1);
        }
        JsonNode answer = es.require("POST", "/" + String.join(",", allAliases()) + "/_search", body);
        ObjectNode result = mapper.createObjectNode();
        ArrayNode suggestions = result.putArray("suggestions");
        for (JsonNode entry : answer.path("suggest").path("names")) {
            for (JsonNode option : entry.path("options")) {
                ObjectNode item = suggestions.addObject();
                item.put("text", option.path("text").asText());
                item.put("name", option.path("_source").path("name").asText());
                item.put("type", option.path("_source").path("type").asText());
                item.put("urn", option.path("_source").path("urn").asText());
            }
        }
        return result;
    }

    private JsonNode textQuery(String text) {
        if (text.isEmpty()) {
            return mapper.createObjectNode().set("match_all", mapper.createObjectNode());
        }
        ObjectNode bool = mapper.createObjectNode();
        ArrayNode should = bool.putArray("should");
        should.addObject().putObject("term").putObject("name.exact").put("value", text).put("boost", 1000);
        should.addObject().putObject("term").putObject("qualifiedName.exact").put("value", text).put("boost", 1000);
        should.addObject().putObject("term").putObject("columnNames.exact").put("value", text).put("boost", 20);
        // The words of a query in order within a name ("customer orders" for customer_orders) beat scattered ones.
        should.addObject().putObject("match_phrase").putObject("name.words").put("query", text).put("boost", 10);
        should.addObject().putObject("match_phrase").putObject("columnNames.words").put("query", text).put("boost", 3);
        // Of several words most must match, and the words of one identifier all, in order.
        should.add(wordsQuery(text, TEXT_FIELDS));
        // Prefix of the last word (served by index_prefixes on name) for half-typed names.
        should.addObject().putObject("match_bool_prefix").putObject("name").put("query", text).put("boost", 2);
        ObjectNode fuzzy = should.addObject().putObject("multi_match");
        fuzzy.put("query", text).put("type", "best_fields").put("minimum_should_match", isOneIdentifier(text) ? ALL_WORDS : MOST_WORDS)
                .put("fuzziness", "AUTO").put("prefix_length", 1).put("max_expansions", 10).put("boost", 0.5);
        ArrayNode fuzzyFields = fuzzy.putArray("fields");
        for (String field : FUZZY_FIELDS) {
            fuzzyFields.add(field);
        }
        bool.put("minimum_should_match", 1);
        // Deprecated entities still show, below live ones.
        ObjectNode functionScore = mapper.createObjectNode();
        ObjectNode inner = functionScore.putObject("function_score");
        inner.set("query", mapper.createObjectNode().set("bool", bool));
        ObjectNode demote = inner.putArray("functions").addObject();
        demote.putObject("filter").putObject("term").put("deprecated", true);
        demote.put("weight", 0.5);
        inner.put("boost_mode", "multiply").put("score_mode", "multiply");
        return functionScore;
    }

    private ObjectNode wordsQuery(String text, String[] fields) {
        ObjectNode query = mapper.createObjectNode();
        ObjectNode multi = query.putObject("multi_match");
        if (isOneIdentifier(text)) {
            // One identifier (customer_orders, sales.orders_2024) is one thing the user looks for: its words in order,
            // or "amount_15" finds every dataset with any column ending in 15. index_phrases makes it a term look-up.
            multi.put("query", text).put("type", "phrase");
        } else {
            multi.put("query", text).put("type", "most_fields").put("operator", "or").put("minimum_should_match", MOST_WORDS);
        }
        ArrayNode fieldList = multi.putArray("fields");
        for (String field : fields) {
            fieldList.add(field);
        }
        return query;
    }

    private static boolean isOneIdentifier(String text) {
        return text.strip().chars().noneMatch(Character::isWhitespace);
    }

    /** A bool filter of every facet filter except {@code except}; null when there is none. */
    private ObjectNode filters(Map<String, List<String>> filters, String except) {
        ArrayNode clauses = mapper.createArrayNode();
        filters.forEach((facet, values) -> {
            if (!facet.equals(except)) {
                ArrayNode terms = clauses.addObject().putObject("terms").putArray(Facets.field(facet).orElseThrow());
                values.forEach(terms::add);
            }
        });
        if (clauses.isEmpty()) {
            return null;
        }
        ObjectNode bool = mapper.createObjectNode();
        bool.putObject("bool").set("filter", clauses);
        return bool;
    }

    private ArrayNode sort(SearchQuery.Sort sort) {
        ArrayNode array = mapper.createArrayNode();
        switch (sort) {
            case RELEVANCE -> array.addObject().put("_score", "desc");
            case NAME -> array.addObject().put("sortName", "asc");
            case UPDATE_AT -> array.addObject().putObject("updatedAt").put("order", "desc").put("missing", "_last");
        }
        array.addObject().put("urn", "asc");
        return array;
    }

    private ObjectNode answerOf(SearchQuery query, JsonNode answer) {
        ObjectNode result = mapper.createObjectNode();
        JsonNode hits = answer.path("hits");
        result.put("totalCount", hits.path("total").path("value").asLong());
        ArrayNode results = result.putArray("results");
        JsonNode last = null;
        for (JsonNode hit : hits.path("hits")) {
            JsonNode source = hit.path("_source");
            ObjectNode item = results.addObject();
            item.put("type", source.path("type").asText());
            item.put("name", source.path("name").asText());
            item.put("namespace", source.path("namespace").asText(null));
            item.put("urn", source.path("urn").asText());
            item.put("nodeId", source.path("urn").asText());
            JsonNode qualified = source.path("qualifiedName");
            item.set("qualifiedNames", qualified.isArray() ? qualified : mapper.createArrayNode());
            for (String field : new String[] {"description", "platform", "domain", "health"}) {
                if (source.hasNonNull(field)) {
                    item.set(field, source.get(field));
                }
            }
            for (String field : new String[] {"tags", "owners", "terms"}) {
                item.set(field, source.path(field).isArray() ? source.get(field) : mapper.createArrayNode());
            }
            item.put("deprecated", source.path("deprecated").asBoolean(false));
            if (source.hasNonNull("updatedAt")) {
                item.put("updatedAt", Instant.ofEpochMilli(source.get("updatedAt").asLong()).toString());
            }
            if (source.hasNonNull("lastSuccessfulWrite")) {
                item.put("lastSuccessfulWrite", Instant.ofEpochMilli(source.get("lastSuccessfulWrite").asLong()).toString());
            }
            if (!hit.path("_score").isNull() && !hit.path("_score").isMissingNode()) {
                item.put("score", hit.path("_score").asDouble());
            }
            ObjectNode highlights = item.putObject("highlights");
            hit.path("highlight").fields().forEachRemaining(field -> {
                String name = field.getKey().replace(".words", "").replace(".text", "");
                ArrayNode fragments = highlights.has(name) ? (ArrayNode) highlights.get(name) : highlights.putArray(name);
                field.getValue().forEach(fragment -> {
                    if (fragments.size() < 3 && !contains(fragments, fragment.asText())) {
                        fragments.add(fragment.asText());
                    }
                });
            });
            last = hit.path("sort");
        }
        if (last != null && results.size() == query.limit()) {
            result.put("nextCursor", encodeCursor(last));
        }
        ObjectNode facets = result.putObject("facets");
        answer.path("aggregations").fields().forEachRemaining(facet -> {
            ArrayNode buckets = facets.putArray(facet.getKey());
            JsonNode counts = facet.getValue().has("values") ? facet.getValue().get("values") : facet.getValue();
            counts.path("buckets").forEach(bucket -> buckets.addObject()
                    .put("value", bucket.path("key").asText()).put("count", bucket.path("doc_count").asLong()));
        });
        return result;
    }

    private static boolean contains(ArrayNode array, String text) {
        for (JsonNode node : array) {
            if (node.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private String targets(SearchQuery query) {
        if (query.types().isEmpty()) {
            return String.join(",", allAliases());
        }
        List<String> aliases = new ArrayList<>();
        query.types().stream().sorted().forEach(index -> aliases.add(settings.alias(index)));
        return String.join(",", aliases);
    }

    private List<String> allAliases() {
        List<String> aliases = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            aliases.add(settings.alias(index));
        }
        return aliases;
    }

    private String encodeCursor(JsonNode sortValues) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(es.json(sortValues).getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode decodeCursor(String cursor) {
        try {
            JsonNode values = mapper.readTree(Base64.getUrlDecoder().decode(cursor));
            if (!values.isArray()) {
                throw new IllegalArgumentException("cursor is not one this server handed out");
            }
            return values;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this server handed out");
        }
    }
}
