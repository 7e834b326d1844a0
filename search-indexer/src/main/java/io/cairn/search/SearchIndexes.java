package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the indexes and moves their aliases. The first index of each alias has a fixed name, so processes starting
 * together create it once; rebuilt ones carry a timestamp. An alias swap is one atomic {@code _aliases} call.
 */
public final class SearchIndexes {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);

    private final EsHttp es;
    private final SearchSettings settings;
    private final String definition;
    private final JsonNode mappings;

    public SearchIndexes(EsHttp es, SearchSettings settings) {
        this.es = es;
        this.settings = settings;
        try (InputStream in = SearchIndexes.class.getResourceAsStream("index.json")) {
            this.definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.mappings = es.mapper().readTree(definition).path("mappings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes sure every alias points at an index, and returns the aliases whose index has a mapping or analysis this
     * version cannot apply in place (only a rebuild can).
     */
    public List<String> ensure() {
        List<String> outdated = new ArrayList<>();
        // The rebuild's progress document: stored, never searched, so it needs no mapping.
        EsHttp.Reply state = es.send("PUT", "/" + settings.stateIndex(),
                "{\"settings\":{\"index\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"}},\"mappings\":{\"enabled\":false}}");
        if (!state.ok() && !state.body().path("error").path("type").asText().equals("resource_already_exists_exception")) {
            throw new IllegalStateException("cannot create index " + settings.stateIndex() + ": " + state.body());
        }
        for (SearchIndex index : SearchIndex.values()) {
            String alias = settings.alias(index);
            if (es.send("HEAD", "/_alias/" + alias, null).status() == 200) {
                // Fields added to the mapping since the index was created are added to it (adding is always allowed);
                // a change Elasticsearch refuses (an analyzer swapped) needs a rebuild, not a failed start.
                EsHttp.Reply updated = es.send("PUT", "/" + alias + "/_mapping", mappings);
                if (!updated.ok()) {
                    LOG.warn("The mapping of {} differs from this version's in a way only a rebuild can apply: {}", alias,
                            updated.body());
                    outdated.add(alias);
                }
                continue;
            }
            String first = alias + "-initial";
            create(first);
            ObjectNode actions = es.mapper().createObjectNode();
            actions.putArray("actions").addObject().putObject("add").put("index", first).put("alias", alias);
            es.require("POST", "/_aliases", actions);
        }
        return List.copyOf(outdated);
    }

    /** Creates an index with Cairn's settings and mapping; an index that already exists is left alone. */
    public void create(String name) {
        EsHttp.Reply reply = es.send("PUT", "/" + name, definition);
        if (!reply.ok() && !reply.body().path("error").path("type").asText().equals("resource_already_exists_exception")) {
            throw new IllegalStateException("cannot create index " + name + ": " + reply.body());
        }
    }

    public boolean exists(String name) {
        return es.send("HEAD", "/" + name, null).status() == 200;
    }

    /** The indexes the alias points at now. */
    public List<String> indexesOf(String alias) {
        EsHttp.Reply reply = es.send("GET", "/_alias/" + alias, null);
        List<String> names = new ArrayList<>();
        if (reply.ok()) {
            reply.body().fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Points every alias at its new index in one atomic call and returns the indexes they pointed at before. */
    public List<String> swap(Map<SearchIndex, String> newIndexes) {
        ObjectNode body = es.mapper().createObjectNode();
        ArrayNode actions = body.putArray("actions");
        List<String> old = new ArrayList<>();
        newIndexes.forEach((index, name) -> {
            String alias = settings.alias(index);
            for (String previous : indexesOf(alias)) {
                if (!previous.equals(name)) {
                    old.add(previous);
                    actions.addObject().putObject("remove").put("index", previous).put("alias", alias);
                }
            }
            actions.addObject().putObject("add").put("index", name).put("alias", alias);
        });
        es.require("POST", "/_aliases", body);
        return old;
    }

    public void delete(String name) {
        es.send("DELETE", "/" + name, null);
    }

    public void refresh() {
        es.send("POST", "/" + String.join(",", aliases()) + "/_refresh", null);
    }

    public List<String> aliases() {
        List<String> aliases = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            aliases.add(settings.alias(index));
        }
        return aliases;
    }

    public SearchSettings settings() {
        return settings;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
