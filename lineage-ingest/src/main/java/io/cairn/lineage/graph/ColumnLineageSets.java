package io.cairn.lineage.graph;

import io.cairn.lineage.model.DatasetInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.neo4j.driver.Record;

/**
 * The column-lineage edges one job writes into one output dataset form a set, kept as
 * {@code (:Job)-[:COLUMN_LINEAGE {key: job, hash, lastRun, lastRunAt, tiebreak}]->(:Dataset)}: {@code hash} is the
 * content of the newest event's {@code columnLineage} facet for that dataset, and the last run is the newest event's.
 * A job that runs again with unchanged lineage then costs one read and this one relationship's update, not a write on
 * every edge.
 *
 * <p>Edges of the newest content carry {@code setHash} (equal to the set's hash) and no run of their own: their last
 * run is the set's. Edges outside it carry their own {@code lastRun, lastRunAt, tiebreak}. When the newest content
 * changes, the edges of the old content first get the set's run written onto them ({@link #materialize}), so the split
 * never loses a run. Every edge's effective last run is therefore that of the newest event that named it, whatever the
 * order the events came in, and two graphs built from the same events in any order are the same.
 *
 * <p>An event whose content equals the set's newest content (after this batch) adds nothing to any edge: the newest
 * event names the same edges with the same values and wins every comparison. Such an event is <em>covered</em>, and
 * its columns and edges are skipped. The newest event of a set whose content changed is the <em>leader</em>: its edges
 * are written in the shared form.
 */
final class ColumnLineageSets {

    /** One output's column lineage in one event. */
    record Candidate(DatasetInfo output, String job, String dataset, String hash, String run, long at) {
        String key() {
            return job + '|' + dataset;
        }

        /** Ties on time are broken by run, then content, so the newest event of a set never depends on order. */
        String tiebreak() {
            return run + '\u0000' + hash;
        }

        boolean newerThan(long otherAt, String otherTiebreak) {
            return at > otherAt || (at == otherAt && tiebreak().compareTo(otherTiebreak == null ? "" : otherTiebreak) > 0);
        }
    }

    /** A set as stored before the batch. */
    record Stored(String id, String hash, String lastRun, long lastRunAt, String tiebreak) {
    }

    private final Map<String, Candidate> newest = new LinkedHashMap<>();
    private final Map<String, Stored> stored = new HashMap<>();
    private final Set<DatasetInfo> covered = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<DatasetInfo> leaders = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Plans a batch: {@code read} answers the stored sets for the given rows ({@code job}, {@code dataset}, {@code i})
     * with columns {@code i, id, hash, lastRun, lastRunAt, tiebreak}.
     */
    ColumnLineageSets(List<Candidate> candidates, Function<List<Map<String, Object>>, List<Record>> read) {
        if (candidates.isEmpty()) {
            return;
        }
        for (Candidate candidate : candidates) {
            Candidate current = newest.get(candidate.key());
            if (current == null || candidate.newerThan(current.at(), current.tiebreak())) {
                newest.put(candidate.key(), candidate);
            }
        }
        List<String> keys = new ArrayList<>(newest.keySet());
        List<Map<String, Object>> rows = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Candidate candidate = newest.get(keys.get(i));
            rows.add(Map.of("i", i, "job", candidate.job(), "dataset", candidate.dataset()));
        }
        for (Record r : read.apply(rows)) {
            stored.put(keys.get(r.get("i").asInt()), new Stored(r.get("id").asString(), r.get("hash").asString(null),
                    r.get("lastRun").asString(null), r.get("lastRunAt").asLong(Long.MIN_VALUE), r.get("tiebreak").asString(null)));
        }
        for (Candidate candidate : candidates) {
            String finalHash = finalHash(candidate.key());
            Candidate lead = newest.get(candidate.key());
            if (!candidate.hash().equals(finalHash)) {
                continue;
            }
            if (candidate == lead && contentChanges(candidate.key())) {
                leaders.add(candidate.output());
            } else {
                covered.add(candidate.output());
            }
        }
    }

    /** Whether this output's columns and edges add nothing to the graph. */
    boolean covered(DatasetInfo output) {
        return covered.contains(output);
    }

    /** Whether this output is the newest content of its set, new in this batch: its edges take the shared form. */
    boolean leads(DatasetInfo output) {
        return leaders.contains(output);
    }

    /** The content hash of a set after the batch (its newest event's). */
    String finalHash(String key) {
        Candidate lead = newest.get(key);
        Stored before = stored.get(key);
        if (before == null || lead.newerThan(before.lastRunAt(), before.tiebreak())) {
            return lead.hash();
        }
        return before.hash();
    }

    /** Sets whose newest content changes in this batch, as stored: their edges in the shared form get the set's run. */
    List<Map<String, Object>> materialize() {
        List<Map<String, Object>> rows = new ArrayList<>();
        newest.forEach((key, lead) -> {
            Stored before = stored.get(key);
            if (before != null && before.hash() != null && contentChanges(key)) {
                Map<String, Object> row = new HashMap<>();
                row.put("id", before.id());
                row.put("job", lead.job());
                row.put("hash", before.hash());
                row.put("lastRun", before.lastRun());
                row.put("lastRunAt", before.lastRunAt());
                row.put("tiebreak", before.tiebreak());
                rows.add(row);
            }
        });
        return rows;
    }

    /** Sets to create ({@code job, dataset, props}) and sets to update ({@code id, props}) after the batch. */
    List<Map<String, Object>> created() {
        List<Map<String, Object>> rows = new ArrayList<>();
        newest.forEach((key, lead) -> {
            if (!stored.containsKey(key)) {
                rows.add(Map.of("job", lead.job(), "dataset", lead.dataset(), "props", props(lead)));
            }
        });
        return rows;
    }

    List<Map<String, Object>> updated() {
        List<Map<String, Object>> rows = new ArrayList<>();
        newest.forEach((key, lead) -> {
            Stored before = stored.get(key);
            if (before != null && lead.newerThan(before.lastRunAt(), before.tiebreak())) {
                rows.add(Map.of("id", before.id(), "props", props(lead)));
            }
        });
        return rows;
    }

    private boolean contentChanges(String key) {
        Stored before = stored.get(key);
        return before == null || !Objects.equals(finalHash(key), before.hash());
    }

    private static Map<String, Object> props(Candidate lead) {
        return Map.of("hash", lead.hash(), "lastRun", lead.run(), "lastRunAt", lead.at(), "tiebreak", lead.tiebreak());
    }
}
