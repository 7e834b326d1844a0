package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds every index from Neo4j into new indexes, then swaps the aliases at once: searches see the old indexes
 * until the swap and the new ones after, never a half-built one.
 *
 * <p>Correctness: the rebuild notes the change-log position before it starts. Each page is written with the position
 * read just before the page was read, so its documents are at least that new. Changes committed during the rebuild
 * still reach the old indexes through the incremental path; after the swap, every URN changed since the start is
 * read again from Neo4j and written through the aliases, so the new indexes miss nothing.
 *
 * <p>Progress (per index: done and total, the last URN written) is kept in a state document in Elasticsearch after
 * every page, so a rebuild that died resumes where it stopped when it is started again.
 */
public final class Reindexer {

    private static final Logger LOG = LoggerFactory.getLogger(Reindexer.class);
    private static final int PAGE = 500;
    private static final String STATE_ID = "reindex";

    private final DocumentSource source;
    private final DocumentWriter writer;
    private final SearchIndexes indexes;
    private final EsHttp es;
    private final Clock clock;
    private final RebuildLock lock;

    public Reindexer(DocumentSource source, DocumentWriter writer, SearchIndexes indexes, EsHttp es, Clock clock, RebuildLock lock) {
        this.source = source;
        this.writer = writer;
        this.indexes = indexes;
        this.es = es;
        this.clock = clock;
        this.lock = lock;
    }

    /**
     * Starts a rebuild, or resumes an unfinished one, in the background; returns the progress document. While any
     * rebuild runs (here or on another node) it refuses with {@link RebuildInProgressException}.
     */
    public ObjectNode start() {
        String owner = acquire();
        try {
            ObjectNode state = state().filter(s -> s.path("status").asText().equals("RUNNING")).orElseGet(this::fresh);
            save(state);
            Thread thread = new Thread(() -> runHolding(owner, state), "cairn-reindex");
            thread.setDaemon(true);
            thread.start();
            return state.deepCopy();
        } catch (RuntimeException e) {
            lock.release(owner);
            throw e;
        }
    }

    /** Runs a rebuild (or resumes one) in the calling thread; for tests and tools. */
    public ObjectNode runNow() {
        String owner = acquire();
        ObjectNode state;
        try {
            state = state().filter(s -> s.path("status").asText().equals("RUNNING")).orElseGet(this::fresh);
            save(state);
        } catch (RuntimeException e) {
            lock.release(owner);
            throw e;
        }
        runHolding(owner, state);
        return progress();
    }

    private String acquire() {
        String owner = UUID.randomUUID().toString();
        if (!lock.tryAcquire(owner)) {
            throw new RebuildInProgressException("a search index rebuild is already running; GET /api/v1/admin/reindex shows its progress");
        }
        return owner;
    }

    private void runHolding(String owner, ObjectNode state) {
        try {
            run(state, owner);
        } finally {
            lock.release(owner);
        }
    }

    public ObjectNode progress() {
        return state().orElseGet(() -> {
            ObjectNode none = es.mapper().createObjectNode();
            none.put("status", "NEVER_RUN");
            return none;
        });
    }

    private ObjectNode fresh() {
        ObjectNode state = es.mapper().createObjectNode();
        long now = clock.millis();
        state.put("status", "RUNNING");
        state.put("startedAt", now);
        state.put("startSeq", source.currentSeq());
        ObjectNode perIndex = state.putObject("indexes");
        for (SearchIndex index : SearchIndex.values()) {
            ObjectNode entry = perIndex.putObject(index.shortName());
            entry.put("target", indexes.settings().alias(index) + "-" + now);
            entry.put("done", 0);
            entry.put("total", source.count(index));
            entry.putNull("cursor");
        }
        return state;
    }

    private void run(ObjectNode state, String owner) {
        try {
            Map<SearchIndex, String> targets = new EnumMap<>(SearchIndex.class);
            for (SearchIndex index : SearchIndex.values()) {
                ObjectNode entry = (ObjectNode) state.path("indexes").path(index.shortName());
                String target = entry.path("target").asText();
                targets.put(index, target);
                indexes.create(target);
                build(state, entry, index, target, owner);
            }
            state.put("phase", "swapping");
            save(state);
            List<String> old = indexes.swap(targets);
            catchUp(state.path("startSeq").asLong());
            old.forEach(indexes::delete);
            state.put("status", "DONE");
            state.put("phase", "done");
            state.put("finishedAt", clock.millis());
            save(state);
            LOG.info("Search rebuild finished: {}", state);
        } catch (RuntimeException e) {
            // The state stays RUNNING with its cursors, so starting again resumes.
            LOG.warn("Search rebuild stopped; start it again to resume: {}", e.toString());
            state.put("lastError", String.valueOf(e.getMessage()));
            try {
                save(state);
            } catch (RuntimeException ignored) {
                // Elasticsearch itself may be the failure.
            }
            throw e;
        }
    }

    private void build(ObjectNode state, ObjectNode entry, SearchIndex index, String target, String owner) {
        String cursor = entry.path("cursor").isNull() ? null : entry.path("cursor").asText();
        state.put("phase", "building " + index.shortName());
        while (true) {
            long seq = source.currentSeq();
            List<String> urns = source.urns(index, cursor, PAGE);
            if (urns.isEmpty()) {
                return;
            }
            List<DocumentWriter.Versioned> page = new ArrayList<>(urns.size());
            for (SearchDocument doc : source.loadAll(urns).values()) {
                if (!doc.isDeletion()) {
                    page.add(new DocumentWriter.Versioned(doc, seq));
                }
            }
            writer.write(page, Map.of(index, target), false);
            cursor = urns.get(urns.size() - 1);
            entry.put("cursor", cursor);
            entry.put("done", entry.path("done").asLong() + urns.size());
            save(state);
            if (!lock.tryAcquire(owner)) {
                throw new IllegalStateException("the rebuild lock expired and another rebuild took it; this one stops");
            }
        }
    }

    /** Rewrites, through the swapped aliases, everything changed since the rebuild began. */
    private void catchUp(long startSeq) {
        long after = startSeq;
        while (true) {
            List<DocumentSource.ChangedUrn> changes = source.changesAfter(after, 5_000);
            if (changes.isEmpty()) {
                break;
            }
            Map<String, Boolean> targets = new LinkedHashMap<>();
            changes.forEach(change -> Targets.of(change.urn()).ifPresent(urn -> targets.put(urn, true)));
            long seq = source.currentSeq();
            List<DocumentWriter.Versioned> documents = new ArrayList<>();
            source.loadAll(List.copyOf(targets.keySet())).values().forEach(doc -> documents.add(new DocumentWriter.Versioned(doc, seq)));
            writer.write(documents, false);
            after = changes.get(changes.size() - 1).seq();
        }
        indexes.refresh();
    }

    private Optional<ObjectNode> state() {
        EsHttp.Reply reply = es.send("GET", "/" + indexes.settings().stateIndex() + "/_doc/" + STATE_ID, null);
        if (!reply.ok()) {
            return Optional.empty();
        }
        JsonNode source = reply.body().path("_source");
        return source.isObject() ? Optional.of((ObjectNode) source.deepCopy()) : Optional.empty();
    }

    private void save(ObjectNode state) {
        es.send("PUT", "/" + indexes.settings().stateIndex() + "/_doc/" + STATE_ID, Map.of("refresh", "true"), es.json(state), false);
    }
}
