package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Writes documents with the change-log sequence number as an external version: Elasticsearch keeps a document only
 * if its version is higher than the one it holds, so a late or repeated event never overwrites newer data. A 409
 * (older version) is the expected answer to a stale write and is ignored; any other failure is an error, and the
 * caller retries without committing its offsets.
 */
public final class DocumentWriter {

    /** A document and the version it is written with. */
    public record Versioned(SearchDocument document, long version) {
    }

    /** What one bulk call did. */
    public record Outcome(int written, int stale) {
    }

    private final EsHttp es;
    private final SearchSettings settings;

    public DocumentWriter(EsHttp es, SearchSettings settings) {
        this.es = es;
        this.settings = settings;
    }

    /** Writes through the aliases (the incremental path). */
    public Outcome write(List<Versioned> documents, boolean waitForRefresh) {
        return write(documents, null, waitForRefresh);
    }

    /**
     * Writes to the given concrete indexes instead of the aliases when {@code targets} names one for the document's
     * index (a rebuild writes into its new indexes).
     */
    public Outcome write(List<Versioned> documents, Map<SearchIndex, String> targets, boolean waitForRefresh) {
        if (documents.isEmpty()) {
            return new Outcome(0, 0);
        }
        StringBuilder body = new StringBuilder();
        for (Versioned versioned : documents) {
            SearchDocument doc = versioned.document();
            String index = targets != null && targets.containsKey(doc.index()) ? targets.get(doc.index()) : settings.alias(doc.index());
            ObjectNode action = es.mapper().createObjectNode();
            action.putObject(doc.isDeletion() ? "delete" : "index")
                    .put("_index", index).put("_id", doc.urn())
                    .put("version", versioned.version()).put("version_type", "external");
            body.append(es.json(action)).append('\n');
            if (!doc.isDeletion()) {
                body.append(es.json(doc.source())).append('\n');
            }
        }
        EsHttp.Reply reply = es.send("POST", "/_bulk", waitForRefresh ? Map.of("refresh", "wait_for") : Map.of(), body.toString(), true);
        if (!reply.ok()) {
            throw new IllegalStateException("Elasticsearch bulk write answered " + reply.status() + ": " + reply.body());
        }
        int written = 0;
        int stale = 0;
        for (JsonNode item : reply.body().path("items")) {
            JsonNode result = item.elements().next();
            int status = result.path("status").asInt();
            if (status == 409) {
                stale++;
            } else if (status == 404 && item.has("delete")) {
                written++;
            } else if (status >= 200 && status < 300) {
                written++;
            } else {
                throw new IllegalStateException("Elasticsearch refused " + result.path("_id").asText() + ": " + result.path("error"));
            }
        }
        return new Outcome(written, stale);
    }
}
