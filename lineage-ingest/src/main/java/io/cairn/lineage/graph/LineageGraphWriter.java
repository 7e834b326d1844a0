package io.cairn.lineage.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.lineage.model.ColumnLineage;
import io.cairn.lineage.model.DatasetInfo;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.model.RunInfo;
import io.cairn.lineage.model.RunRef;
import io.cairn.lineage.model.RunState;
import io.cairn.lineage.quality.QualityHook;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.dataset.ResolvedDataset;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * Writes a batch of events into the lineage graph in one unit of work (one Neo4j transaction, one change-log append):
 * the batch is planned into row lists first and each kind of node or edge is read with one {@code UNWIND} statement
 * and written with at most two (create the missing, set what changed), so the cost per event is a few index look-ups,
 * not a round trip per node, and unchanged lineage costs reads, not writes.
 *
 * <p>Every write is idempotent and order-independent: nodes and edges are MERGEd on stable keys (or CREATEd when they
 * hang off a node this batch created, which no other transaction can see and which has nothing yet), and state that
 * can change (run state, facets, the current job version, an edge's last run) is only replaced by a value from a later
 * event time, ties broken by a fixed order. Replaying events, or sending them in another order, gives the same graph;
 * a write that changes nothing records no change.
 *
 * <p>Graph shape: {@code (:Run)-[:RUN_OF]->(:Job)}, {@code (:Run)-[:PARENT_RUN|ROOT_RUN]->(:Run)},
 * {@code (:Run)-[:CONSUMED|PRODUCED]->(:Dataset)}, {@code (:Job)-[:HAS_VERSION]->(:JobVersion)},
 * {@code (:Job)-[:READS|WRITES]->(:Dataset)} for the current version, {@code (:Dataset)-[:HAS_COLUMN]->(:Column)},
 * {@code (:Column)-[:FEEDS {key, job, type, subtype, description, masking, lastRun}]->(:Column)},
 * {@code (:Column)-[:FEEDS_DATASET {...}]->(:Dataset)} for the dataset-level dependency list, and
 * {@code (:Facet {owner, key, json, at})-[:FACET_OF]->(node)} for every facet (governance ones included).
 */
public final class LineageGraphWriter {

    private static final boolean PROFILE = Boolean.getBoolean("cairn.lineage.profile");
    private static final String JOB_VERSION_STATE =
            "n.versionAt AS versionAt, n.currentVersion AS currentVersion, n.currentInputs AS currentInputs, n.currentOutputs AS currentOutputs";

    private final GraphStore store;
    private final DatasetAliases aliases;
    private final boolean keepRawEvents;
    private final QualityHook quality;

    public LineageGraphWriter(GraphStore store, DatasetAliases aliases, boolean keepRawEvents) {
        this(store, aliases, keepRawEvents, QualityHook.NONE);
    }

    public LineageGraphWriter(GraphStore store, DatasetAliases aliases, boolean keepRawEvents, QualityHook quality) {
        this.store = store;
        this.aliases = aliases;
        this.keepRawEvents = keepRawEvents;
        this.quality = quality;
    }

    public IngestResult write(Actor actor, List<LineageEvent> events) {
        actor.require(Role.WRITER);
        if (events.isEmpty()) {
            return new IngestResult(0, 0, 0);
        }
        EventDigests digests = EventDigests.of(events, keepRawEvents);
        return store.write(actor, unit -> new Batch(unit, events, digests).run());
    }

    /**
     * One attempt at writing a batch; the driver may run it again on a transient failure, so it holds no outside state.
     *
     * <p>Each step reads first and writes only what is missing or changed: one statement finds the nodes and edges
     * the batch names that exist already, the comparison with the batch's values happens here, then one statement
     * creates the missing ones and one sets only the properties that change. In steady state (the same jobs running
     * again with the same lineage) a batch is then mostly index look-ups, new runs and the edges' last-run update.
     */
    private final class Batch {
        private final WriteTransaction unit;
        private final Statements db;
        private final List<LineageEvent> events;
        private final EventDigests digests;
        private final long now;
        private final Map<String, Urn> datasets = new HashMap<>();
        /**
         * Node ids of the batch's datasets, jobs and runs and of the columns its lineage names, so that later statements
         * find them without the URN index (its seeks were a sixth of the writer's time in steady state).
         */
        private final Map<String, String> nodeIds = new HashMap<>();
        /** URNs of nodes this batch created with CREATE: no other transaction can see them, so their edges are all new. */
        private final Set<String> createdHere = new HashSet<>();
        /** The version state of the batch's jobs that existed before it (jobs it creates have none). */
        private final Map<String, Record> jobStates = new HashMap<>();
        private ColumnLineageSets sets;
        private int changes;

        Batch(WriteTransaction unit, List<LineageEvent> events, EventDigests digests) {
            this.unit = unit;
            this.db = new Statements(unit.tx(), PROFILE);
            this.events = events;
            this.digests = digests;
            this.now = unit.now().toEpochMilli();
        }

        IngestResult run() {
            step("raw", this::rawEvents);
            step("datasets", this::resolveDatasets);
            step("jobs", this::jobs);
            step("runs", this::runs);
            step("runLinks", this::runLinks);
            step("runDatasets", this::runDatasets);
            step("sets", this::lineageSets);
            step("columns", this::columns);
            int[] newEdges = {0};
            step("edges", () -> newEdges[0] = columnEdges());
            step("versions", this::jobVersions);
            step("facets", this::facets);
            step("quality", () -> quality.afterLineage(unit, events, this::dataset));
            return new IngestResult(events.size(), changes, newEdges[0]);
        }

        /** With -Dcairn.lineage.profile=true, prints how long each step of a batch takes (for the benchmark). */
        private void step(String name, Runnable work) {
            long start = System.nanoTime();
            work.run();
            if (PROFILE || Statements.TIMING) {
                System.out.printf("  %-12s %6.1f ms%n", name, (System.nanoTime() - start) / 1e6);
            }
        }

        /** The change log gives each change a version above the URN's previous one (see ChangeDraft.NEXT_VERSION). */
        private void record(Urn urn, String aspect, ChangeType type, String after) {
            unit.recordChange(new ChangeDraft(urn, aspect, ChangeDraft.NEXT_VERSION, type, null, after));
            changes++;
        }

        // ---- raw events: kept verbatim (gzip-compressed), de-duplicated by content hash so replays store nothing new ----

        private void rawEvents() {
            if (!keepRawEvents) {
                return;
            }
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (LineageEvent event : events) {
                if (event.rawJson() == null) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("id", digests.rawId(event));
                row.put("body", digests.rawBody(event));
                row.put("eventTime", event.eventTime().toEpochMilli());
                row.put("runId", event.run() == null || event.run().runId() == null ? null : event.run().runId().toString());
                rows.putIfAbsent((String) row.get("id"), row);
            }
            if (rows.isEmpty()) {
                return;
            }
            db.run("raw", """
                    UNWIND $rows AS row
                    MERGE (r:RawLineageEvent {id: row.id})
                      ON CREATE SET r.bodyGzip = row.body, r.eventTime = row.eventTime, r.runId = row.runId, r.receivedAt = $now
                    """, Map.of("rows", List.copyOf(rows.values()), "now", now));
        }

        // ---- datasets: every name an event uses, resolved through the shared aliases in one round trip ----

        private void resolveDatasets() {
            Map<String, Set<DatasetName>> groups = new LinkedHashMap<>();
            Map<String, String[]> display = new LinkedHashMap<>();
            for (LineageEvent event : events) {
                for (DatasetInfo dataset : allDatasets(event)) {
                    Set<DatasetName> names = group(groups, display, dataset.namespace(), dataset.name());
                    for (DatasetInfo.Symlink symlink : dataset.symlinks()) {
                        names.addAll(DatasetName.fromOpenLineage(symlink.namespace(), symlink.name()));
                    }
                    if (dataset.columnLineage() != null) {
                        for (ColumnLineage.OutputField field : dataset.columnLineage().fields()) {
                            field.inputs().forEach(input -> group(groups, display, input.namespace(), input.name()));
                        }
                        dataset.columnLineage().dataset().forEach(input -> group(groups, display, input.namespace(), input.name()));
                    }
                }
            }
            if (groups.isEmpty()) {
                return;
            }
            List<String> keys = new ArrayList<>(groups.keySet());
            List<ResolvedDataset> resolved = aliases.resolveAll(unit, keys.stream().map(k -> List.copyOf(groups.get(k))).toList());
            Map<String, Map<String, Object>> smallest = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                datasets.put(keys.get(i), resolved.get(i).urn());
                if (resolved.get(i).created() && resolved.get(i).mergedAway().isEmpty()) {
                    createdHere.add(resolved.get(i).urn().toString());
                }
                String[] name = display.get(keys.get(i));
                String urn = resolved.get(i).urn().toString();
                Map<String, Object> current = smallest.get(urn);
                if (current == null || keys.get(i).compareTo((String) current.get("key")) < 0) {
                    smallest.put(urn, Map.of("urn", urn, "key", keys.get(i), "ns", name[0], "name", name[1]));
                }
            }
            // The dataset shows the smallest of its OpenLineage names, so the choice does not depend on arrival order.
            db.run("datasets.olKey", """
                    UNWIND $rows AS row
                    MATCH (d:Entity {urn: row.urn})
                    USING INDEX SEEK d:Entity(urn)
                    CALL (d, row) {
                      WITH d, row WHERE d.olKey IS NULL OR row.key < d.olKey
                      SET d.olKey = row.key, d.olNamespace = row.ns, d.olName = row.name
                    }
                    RETURN row.urn AS urn, elementId(d) AS id
                    """, Map.of("rows", List.copyOf(smallest.values())))
                    .forEach(r -> nodeIds.put(r.get("urn").asString(), r.get("id").asString()));
        }

        private Set<DatasetName> group(Map<String, Set<DatasetName>> groups, Map<String, String[]> display, String ns, String name) {
            String key = DatasetName.openLineage(ns, name).key();
            display.putIfAbsent(key, new String[] {ns.strip(), name.strip()});
            return groups.computeIfAbsent(key, k -> new LinkedHashSet<>(DatasetName.fromOpenLineage(ns, name)));
        }

        /** The node id of a dataset, job, run or column of this batch (see {@link #nodeIds}); missing is a bug. */
        private String nodeId(String urn) {
            String id = nodeIds.get(urn);
            if (id == null) {
                throw new IllegalStateException("no node id resolved for " + urn);
            }
            return id;
        }

        private Urn dataset(String namespace, String name) {
            return datasets.get(DatasetName.openLineage(namespace, name).key());
        }

        /** The entities of {@code urns} that exist, with the properties asked for (one index look-up each). */
        private Map<String, Record> existing(String name, Collection<String> urns, String returns) {
            Map<String, Record> found = new HashMap<>();
            if (urns.isEmpty()) {
                return found;
            }
            db.run(name, """
                    UNWIND $urns AS u
                    MATCH (n:Entity {urn: u})
                    USING INDEX SEEK n:Entity(urn)
                    RETURN u AS urn%s
                    """.formatted(returns.isEmpty() ? "" : ", " + returns), Map.of("urns", List.copyOf(urns)))
                    .forEach(r -> found.put(r.get("urn").asString(), r));
            return found;
        }

        /** Sets only the given (changed) properties of existing entities of this batch, found by node id. */
        private void updateEntities(String name, List<Map<String, Object>> rows) {
            if (!rows.isEmpty()) {
                List<Map<String, Object>> byId = new ArrayList<>(rows.size());
                rows.forEach(row -> byId.add(Map.of("id", nodeId((String) row.get("urn")), "props", row.get("props"))));
                db.run(name, """
                        UNWIND $rows AS row
                        MATCH (n) WHERE elementId(n) = row.id
                        SET n += row.props
                        """, Map.of("rows", byId));
            }
        }

        // ---- jobs and runs ----

        private void jobs() {
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (LineageEvent event : events) {
                if (event.job() != null) {
                    addJob(rows, event.job().namespace(), event.job().name());
                }
                if (event.run() != null) {
                    for (RunRef ref : refs(event.run())) {
                        addJob(rows, ref.jobNamespace(), ref.jobName());
                    }
                }
            }
            existing("jobs.read", rows.keySet(), "elementId(n) AS id, " + JOB_VERSION_STATE).forEach((urn, record) -> {
                nodeIds.put(urn, record.get("id").asString());
                jobStates.put(urn, record);
                rows.remove(urn);
            });
            if (rows.isEmpty()) {
                return;
            }
            db.run("jobs.create", """
                    UNWIND $rows AS row
                    MERGE (j:Entity {urn: row.urn})
                      ON CREATE SET j:Job, j.type = 'job', j.namespace = row.ns, j.name = row.name, j.createdAt = $now,
                                    j.createdBy = $principal, j.updatedAt = $now, j.justCreated = true
                    WITH j, coalesce(j.justCreated, false) AS created
                    REMOVE j.justCreated
                    RETURN j.urn AS urn, j.namespace AS ns, j.name AS name, elementId(j) AS id, created
                    """, Map.of("rows", List.copyOf(rows.values()), "now", now, "principal", principal()))
                    .forEach(r -> {
                        nodeIds.put(r.get("urn").asString(), r.get("id").asString());
                        if (r.get("created").asBoolean()) {
                            record(Urn.parse(r.get("urn").asString()), "jobKey", ChangeType.UPSERT,
                                    json(Map.of("namespace", r.get("ns").asString(), "name", r.get("name").asString())));
                        }
                    });
        }

        private void addJob(Map<String, Map<String, Object>> rows, String namespace, String name) {
            String urn = LineageIds.job(namespace, name).toString();
            rows.putIfAbsent(urn, Map.of("urn", urn, "ns", namespace, "name", name));
        }

        private void runs() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LineageEvent event : events) {
                if (event.kind() != LineageEvent.Kind.RUN) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("urn", Urn.run(event.run().runId()).toString());
                row.put("runId", event.run().runId().toString());
                row.put("job", LineageIds.job(event.job().namespace(), event.job().name()).toString());
                row.put("state", event.state().name());
                row.put("rank", event.state().rank());
                row.put("at", event.eventTime().toEpochMilli());
                row.put("startAt", event.state() == RunState.START ? event.eventTime().toEpochMilli() : null);
                row.put("endAt", event.state().terminal() ? event.eventTime().toEpochMilli() : null);
                rows.add(row);
            }
            for (LineageEvent event : events) {
                if (event.run() != null) {
                    for (RunRef ref : refs(event.run())) {
                        Map<String, Object> row = new HashMap<>();
                        row.put("urn", Urn.run(ref.runId()).toString());
                        row.put("runId", ref.runId().toString());
                        row.put("job", LineageIds.job(ref.jobNamespace(), ref.jobName()).toString());
                        row.put("state", null);
                        rows.add(row);
                    }
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            Set<List<Object>> pairs = new LinkedHashSet<>();
            rows.forEach(row -> pairs.add(List.of(row.get("urn"), row.get("job"))));
            rows = reduceRuns(rows);
            Map<String, Record> found = existing("runs.read", rows.stream().map(r -> (String) r.get("urn")).toList(),
                    "elementId(n) AS id, n.stateAt AS stateAt, n.stateRank AS stateRank, n.startedAt AS startedAt, "
                            + "n.endedAt AS endedAt, [(n)-[:RUN_OF]->(j) | j.urn] AS jobs");
            found.forEach((urn, record) -> nodeIds.put(urn, record.get("id").asString()));
            List<Map<String, Object>> created = new ArrayList<>();
            List<Map<String, Object>> updated = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                String urn = (String) row.get("urn");
                String state = (String) row.get("state");
                Long startAt = (Long) row.get("startAt");
                Long endAt = (Long) row.get("endAt");
                Record current = found.get(urn);
                Map<String, Object> props = new HashMap<>();
                if (current == null) {
                    props.put("type", "run");
                    props.put("runId", row.get("runId"));
                    props.put("createdAt", now);
                    props.put("createdBy", principal());
                    if (state != null) {
                        props.put("state", state);
                        props.put("stateAt", row.get("at"));
                        props.put("stateRank", row.get("rank"));
                        props.put("updatedAt", now);
                    }
                    putIfNotNull(props, "startedAt", startAt);
                    putIfNotNull(props, "endedAt", endAt);
                    created.add(Map.of("urn", urn, "props", props));
                    record(Urn.parse(urn), "runState", ChangeType.UPSERT, state == null ? "{}" : json(Map.of("state", state)));
                    continue;
                }
                long at = row.get("at") == null ? 0 : (long) row.get("at");
                int rank = row.get("rank") == null ? 0 : (int) row.get("rank");
                boolean newer = state != null && (current.get("stateAt").isNull() || at > current.get("stateAt").asLong()
                        || (at == current.get("stateAt").asLong() && rank > current.get("stateRank").asLong(0)));
                if (newer) {
                    props.put("state", state);
                    props.put("stateAt", at);
                    props.put("stateRank", rank);
                    props.put("updatedAt", now);
                    record(Urn.parse(urn), "runState", ChangeType.UPSERT, json(Map.of("state", state)));
                }
                if (startAt != null && (current.get("startedAt").isNull() || startAt < current.get("startedAt").asLong())) {
                    props.put("startedAt", startAt);
                }
                if (endAt != null && (current.get("endedAt").isNull() || endAt > current.get("endedAt").asLong())) {
                    props.put("endedAt", endAt);
                }
                if (!props.isEmpty()) {
                    updated.add(Map.of("urn", urn, "props", props));
                }
            }
            if (!created.isEmpty()) {
                db.run("runs.create", """
                        UNWIND $rows AS row
                        MERGE (r:Entity {urn: row.urn})
                          ON CREATE SET r:Run, r += row.props
                        RETURN row.urn AS urn, elementId(r) AS id
                        """, Map.of("rows", created)).forEach(r -> nodeIds.put(r.get("urn").asString(), r.get("id").asString()));
            }
            updateEntities("runs.update", updated);
            List<List<Object>> missingPairs = pairs.stream().filter(pair -> {
                Record current = found.get((String) pair.get(0));
                return current == null || !current.get("jobs").asList(Value::asString).contains((String) pair.get(1));
            }).map(pair -> List.<Object>of(nodeId((String) pair.get(0)), nodeId((String) pair.get(1)))).toList();
            if (!missingPairs.isEmpty()) {
                db.run("runs.runOf", """
                        UNWIND $pairs AS pair
                        MATCH (r) WHERE elementId(r) = pair[0]
                        MATCH (j) WHERE elementId(j) = pair[1]
                        MERGE (r)-[:RUN_OF]->(j)
                        """, Map.of("pairs", missingPairs));
            }
        }

        /**
         * One row per run: Cypher may read every row of an UNWIND before it writes any (an eager plan), so rows for
         * the same node within one statement cannot be compared with each other there; the winner is chosen here.
         */
        private List<Map<String, Object>> reduceRuns(List<Map<String, Object>> rows) {
            Map<Object, Map<String, Object>> byUrn = new LinkedHashMap<>();
            for (Map<String, Object> row : rows) {
                Map<String, Object> current = byUrn.get(row.get("urn"));
                if (current == null) {
                    byUrn.put(row.get("urn"), new HashMap<>(row));
                    continue;
                }
                if (row.get("state") != null && (current.get("state") == null
                        || (long) row.get("at") > (long) current.get("at")
                        || ((long) row.get("at") == (long) current.get("at") && (int) row.get("rank") > (int) current.get("rank")))) {
                    current.put("state", row.get("state"));
                    current.put("at", row.get("at"));
                    current.put("rank", row.get("rank"));
                    current.put("job", row.get("job"));
                }
                current.put("startAt", min((Long) current.get("startAt"), (Long) row.get("startAt")));
                current.put("endAt", max((Long) current.get("endAt"), (Long) row.get("endAt")));
            }
            return List.copyOf(byUrn.values());
        }

        private void runLinks() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LineageEvent event : events) {
                RunInfo run = event.run();
                if (run == null || event.job() == null) {
                    continue;
                }
                String child = Urn.run(run.runId()).toString();
                String childJob = LineageIds.job(event.job().namespace(), event.job().name()).toString();
                if (run.parent() != null && !run.parent().runId().equals(run.runId())) {
                    rows.add(Map.of("child", child, "childJob", childJob, "other", Urn.run(run.parent().runId()).toString(),
                            "otherJob", LineageIds.job(run.parent().jobNamespace(), run.parent().jobName()).toString(), "kind", "parent"));
                }
                if (run.root() != null && !run.root().runId().equals(run.runId())) {
                    rows.add(Map.of("child", child, "childJob", childJob, "other", Urn.run(run.root().runId()).toString(),
                            "otherJob", LineageIds.job(run.root().jobNamespace(), run.root().jobName()).toString(), "kind", "root"));
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            db.run("runLinks", """
                    UNWIND $rows AS row
                    MATCH (c) WHERE elementId(c) = row.child
                    MATCH (p) WHERE elementId(p) = row.other
                    MATCH (cj) WHERE elementId(cj) = row.childJob
                    MATCH (pj) WHERE elementId(pj) = row.otherJob
                    FOREACH (_ IN CASE WHEN row.kind = 'parent' THEN [1] ELSE [] END |
                      MERGE (c)-[:PARENT_RUN]->(p)
                      FOREACH (__ IN CASE WHEN cj <> pj THEN [1] ELSE [] END | MERGE (cj)-[:PARENT_JOB]->(pj)))
                    FOREACH (_ IN CASE WHEN row.kind = 'root' THEN [1] ELSE [] END | MERGE (c)-[:ROOT_RUN]->(p))
                    """, Map.of("rows", rows.stream().map(this::withNodeIds).toList()));
        }

        /** A run link row with its runs and jobs named by node id. */
        private Map<String, Object> withNodeIds(Map<String, Object> row) {
            return Map.of("child", nodeId((String) row.get("child")), "childJob", nodeId((String) row.get("childJob")),
                    "other", nodeId((String) row.get("other")), "otherJob", nodeId((String) row.get("otherJob")), "kind", row.get("kind"));
        }

        private void runDatasets() {
            Set<List<String>> consumed = new LinkedHashSet<>();
            Set<List<String>> produced = new LinkedHashSet<>();
            for (LineageEvent event : events) {
                if (event.kind() != LineageEvent.Kind.RUN) {
                    continue;
                }
                String run = nodeId(Urn.run(event.run().runId()).toString());
                event.inputs().forEach(d -> consumed.add(List.of(run, nodeId(dataset(d.namespace(), d.name()).toString()))));
                event.outputs().forEach(d -> produced.add(List.of(run, nodeId(dataset(d.namespace(), d.name()).toString()))));
            }
            // Two constant statements rather than one with a CASE per row: each plans to a plain MERGE.
            if (!consumed.isEmpty()) {
                db.run("runDatasets.consumed", """
                        UNWIND $pairs AS pair
                        MATCH (r) WHERE elementId(r) = pair[0]
                        MATCH (d) WHERE elementId(d) = pair[1]
                        MERGE (r)-[:CONSUMED]->(d)
                        """, Map.of("pairs", List.copyOf(consumed)));
            }
            if (!produced.isEmpty()) {
                db.run("runDatasets.produced", """
                        UNWIND $pairs AS pair
                        MATCH (r) WHERE elementId(r) = pair[0]
                        MATCH (d) WHERE elementId(d) = pair[1]
                        MERGE (r)-[:PRODUCED]->(d)
                        """, Map.of("pairs", List.copyOf(produced)));
            }
        }

        // ---- columns and column lineage ----

        private void columns() {
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (LineageEvent event : events) {
                for (DatasetInfo dataset : allDatasets(event)) {
                    Urn datasetUrn = dataset(dataset.namespace(), dataset.name());
                    if (dataset.schema() != null) {
                        for (DatasetInfo.Field field : dataset.schema()) {
                            Map<String, Object> row = columnRow(datasetUrn, field.path(), false);
                            row.put("olType", field.type());
                            row.put("olDescription", field.description());
                            row.put("at", event.eventTime().toEpochMilli());
                            row.put("sig", (field.type() == null ? "" : field.type()) + "\u0000" + (field.description() == null ? "" : field.description()));
                            Map<String, Object> current = rows.get((String) row.get("urn"));
                            if (current == null || (boolean) current.get("stub") || (long) row.get("at") > (long) current.get("at")
                                    || ((long) row.get("at") == (long) current.get("at") && ((String) row.get("sig")).compareTo((String) current.get("sig")) > 0)) {
                                rows.put((String) row.get("urn"), row);
                            }
                        }
                    }
                    // The columns of lineage a run repeats exist: they were stubbed when that lineage was new.
                    if (dataset.columnLineage() != null && !sets.covered(dataset)) {
                        for (ColumnLineage.OutputField field : dataset.columnLineage().fields()) {
                            stub(rows, datasetUrn, field.name());
                            field.inputs().forEach(input -> stub(rows, dataset(input.namespace(), input.name()), input.field()));
                        }
                        dataset.columnLineage().dataset().forEach(input -> stub(rows, dataset(input.namespace(), input.name()), input.field()));
                    }
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            // A column named only in columnLineage is a stub until a schema facet describes it; schema values from
            // the latest event win (ties: the larger value), so arrival order does not matter. A later event that
            // repeats the same schema moves only the time mark: that is no change, so nothing is recorded.
            // A dataset this batch created has no columns yet: its columns are neither looked up nor MERGEd.
            List<String> mayExist = rows.values().stream().filter(row -> !createdHere.contains((String) row.get("dataset")))
                    .map(row -> (String) row.get("urn")).toList();
            Map<String, Record> found = existing("columns.read", mayExist,
                    "elementId(n) AS id, n.stub AS stub, n.schemaAt AS schemaAt, n.schemaSig AS schemaSig");
            found.forEach((urn, record) -> nodeIds.put(urn, record.get("id").asString()));
            List<Map<String, Object>> created = new ArrayList<>();
            Map<String, List<Map<String, Object>>> createdInNewDatasets = new LinkedHashMap<>();
            List<Map<String, Object>> updated = new ArrayList<>();
            Map<String, Map<String, Object>> changedFields = new LinkedHashMap<>();
            for (Map<String, Object> row : rows.values()) {
                String urn = (String) row.get("urn");
                boolean stub = (boolean) row.get("stub");
                Record current = found.get(urn);
                Map<String, Object> props = new HashMap<>();
                if (current == null) {
                    props.put("type", "column");
                    props.put("fieldPath", row.get("fieldPath"));
                    props.put("createdAt", now);
                    props.put("createdBy", principal());
                    props.put("stub", stub);
                    if (!stub) {
                        schema(props, row);
                    }
                    String dataset = (String) row.get("dataset");
                    if (createdHere.contains(dataset)) {
                        props.put("urn", urn);
                        createdInNewDatasets.computeIfAbsent(nodeId(dataset), id -> new ArrayList<>()).add(props);
                        createdHere.add(urn);
                    } else {
                        created.add(Map.of("urn", urn, "dataset", nodeId(dataset), "props", props));
                    }
                    changedField(changedFields, row, stub);
                    continue;
                }
                if (stub) {
                    continue;
                }
                long at = (long) row.get("at");
                String sig = (String) row.get("sig");
                boolean newer = current.get("schemaAt").isNull() || at > current.get("schemaAt").asLong()
                        || (at == current.get("schemaAt").asLong() && sig.compareTo(current.get("schemaSig").asString("")) > 0);
                if (!newer) {
                    continue;
                }
                if (current.get("stub").asBoolean(false) || !sig.equals(current.get("schemaSig").asString(null))) {
                    schema(props, row);
                    changedField(changedFields, row, false);
                } else {
                    props.put("schemaAt", at);
                }
                updated.add(Map.of("urn", urn, "props", props));
            }
            if (!createdInNewDatasets.isEmpty()) {
                List<Map<String, Object>> groups = new ArrayList<>(createdInNewDatasets.size());
                createdInNewDatasets.forEach((dataset, columns) -> groups.add(Map.of("dataset", dataset, "columns", columns)));
                db.run("columns.createNew", """
                        UNWIND $groups AS g
                        MATCH (d) WHERE elementId(d) = g.dataset
                        UNWIND g.columns AS col
                        CREATE (d)-[:HAS_COLUMN]->(c:Entity:Column)
                        SET c = col
                        RETURN col.urn AS urn, elementId(c) AS id
                        """, Map.of("groups", groups)).forEach(r -> nodeIds.put(r.get("urn").asString(), r.get("id").asString()));
            }
            if (!created.isEmpty()) {
                db.run("columns.create", """
                        UNWIND $rows AS row
                        MATCH (d) WHERE elementId(d) = row.dataset
                        MERGE (c:Entity {urn: row.urn})
                          ON CREATE SET c:Column, c += row.props
                        MERGE (d)-[:HAS_COLUMN]->(c)
                        RETURN row.urn AS urn, elementId(c) AS id
                        """, Map.of("rows", created)).forEach(r -> nodeIds.put(r.get("urn").asString(), r.get("id").asString()));
            }
            updateEntities("columns.update", updated);
            changedFields.forEach((dataset, fields) -> record(Urn.parse(dataset), "schemaFields", ChangeType.UPSERT,
                    json(Map.of("fields", fields))));
        }

        private void schema(Map<String, Object> props, Map<String, Object> row) {
            props.put("stub", false);
            props.put("olType", row.get("olType"));
            props.put("olDescription", row.get("olDescription"));
            props.put("schemaAt", row.get("at"));
            props.put("schemaSig", row.get("sig"));
            props.put("updatedAt", now);
        }

        /**
         * Column changes are logged once per dataset (field path → its stub flag and type), not once per column: new
         * lineage creates tens of columns per event (see docs/design.md, "Change log granularity").
         */
        private void changedField(Map<String, Map<String, Object>> changedFields, Map<String, Object> row, boolean stub) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("stub", stub);
            if (row.get("olType") != null) {
                after.put("type", row.get("olType"));
            }
            changedFields.computeIfAbsent((String) row.get("dataset"), d -> new TreeMap<>()).put((String) row.get("fieldPath"), after);
        }

        private void stub(Map<String, Map<String, Object>> rows, Urn dataset, String fieldPath) {
            Map<String, Object> row = columnRow(dataset, fieldPath, true);
            rows.putIfAbsent((String) row.get("urn"), row);
        }

        private Map<String, Object> columnRow(Urn dataset, String fieldPath, boolean stub) {
            Map<String, Object> row = new HashMap<>();
            row.put("dataset", dataset.toString());
            row.put("urn", Urn.column(dataset.uuid(), fieldPath).toString());
            row.put("fieldPath", fieldPath);
            row.put("stub", stub);
            row.put("at", 0L);
            row.put("sig", "");
            return row;
        }

        /**
         * Reads the stored column-lineage sets of every (job, output dataset) the batch names, in one statement, and
         * decides which outputs repeat lineage already stored (see {@link ColumnLineageSets}).
         */
        private void lineageSets() {
            List<ColumnLineageSets.Candidate> candidates = new ArrayList<>();
            for (LineageEvent event : events) {
                if (event.job() == null) {
                    continue;
                }
                String job = LineageIds.job(event.job().namespace(), event.job().name()).toString();
                String run = event.run() == null ? "" : Urn.run(event.run().runId()).toString();
                for (DatasetInfo output : event.outputs()) {
                    if (output.columnLineage() != null) {
                        candidates.add(new ColumnLineageSets.Candidate(output, job, dataset(output.namespace(), output.name()).toString(),
                                digests.lineage(output.columnLineage()), run, event.eventTime().toEpochMilli()));
                    }
                }
            }
            // Both ends by node id, the set between them by Expand(Into). (Found by URN, the planner at times chose to
            // scan the URN index for every row: 48 million database hits for a batch's 1,000 sets.)
            sets = new ColumnLineageSets(candidates, rows -> db.run("sets.read", """
                    UNWIND $rows AS row
                    MATCH (j) WHERE elementId(j) = row.j
                    MATCH (d) WHERE elementId(d) = row.d
                    MATCH (j)-[c:COLUMN_LINEAGE {key: row.job}]->(d)
                    RETURN row.i AS i, elementId(c) AS id, c.hash AS hash, c.lastRun AS lastRun, c.lastRunAt AS lastRunAt,
                           c.tiebreak AS tiebreak
                    """, Map.of("rows", withEnds(rows))));
        }

        /** The rows with the node ids of their job and dataset added ({@code j}, {@code d}). */
        private List<Map<String, Object>> withEnds(List<Map<String, Object>> rows) {
            List<Map<String, Object>> withIds = new ArrayList<>(rows.size());
            for (Map<String, Object> row : rows) {
                Map<String, Object> copy = new HashMap<>(row);
                copy.put("j", nodeId((String) row.get("job")));
                copy.put("d", nodeId((String) row.get("dataset")));
                withIds.add(copy);
            }
            return withIds;
        }

        /** Returns how many column edges did not exist before. */
        private int columnEdges() {
            List<Map<String, Object>> materialize = sets.materialize();
            if (!materialize.isEmpty()) {
                // The edges of a set's old content take the set's run as their own before the content changes.
                db.run("sets.materialize", """
                        UNWIND $rows AS row
                        MATCH ()-[c]->(d) WHERE elementId(c) = row.id
                        CALL (d, row) {
                          MATCH (d)-[:HAS_COLUMN]->(:Column)<-[f:FEEDS]-()
                          WHERE f.job = row.job AND f.setHash = row.hash
                          SET f.lastRun = row.lastRun, f.lastRunAt = row.lastRunAt, f.tiebreak = row.tiebreak
                          REMOVE f.setHash
                        }
                        CALL (d, row) {
                          MATCH (d)<-[f:FEEDS_DATASET]-()
                          WHERE f.job = row.job AND f.setHash = row.hash
                          SET f.lastRun = row.lastRun, f.lastRunAt = row.lastRunAt, f.tiebreak = row.tiebreak
                          REMOVE f.setHash
                        }
                        """, Map.of("rows", materialize));
            }
            List<Map<String, Object>> toColumns = new ArrayList<>();
            List<Map<String, Object>> toDatasets = new ArrayList<>();
            for (LineageEvent event : events) {
                if (event.job() == null) {
                    continue;
                }
                String job = LineageIds.job(event.job().namespace(), event.job().name()).toString();
                String run = event.run() == null ? "" : Urn.run(event.run().runId()).toString();
                long at = event.eventTime().toEpochMilli();
                for (DatasetInfo output : event.outputs()) {
                    if (output.columnLineage() == null || sets.covered(output)) {
                        continue;
                    }
                    Urn target = dataset(output.namespace(), output.name());
                    EdgeSource source = new EdgeSource(job, run, at, digests.lineage(output.columnLineage()),
                            sets.finalHash(job + '|' + target), sets.leads(output));
                    for (ColumnLineage.OutputField field : output.columnLineage().fields()) {
                        String dst = Urn.column(target.uuid(), field.name()).toString();
                        for (ColumnLineage.InputField input : field.inputs()) {
                            String src = Urn.column(dataset(input.namespace(), input.name()).uuid(), input.field()).toString();
                            input.transformations().forEach(t -> toColumns.add(edgeRow(src, dst, source, t)));
                        }
                    }
                    for (ColumnLineage.InputField input : output.columnLineage().dataset()) {
                        String src = Urn.column(dataset(input.namespace(), input.name()).uuid(), input.field()).toString();
                        input.transformations().forEach(t -> toDatasets.add(edgeRow(src, target.toString(), source, t)));
                    }
                }
            }
            int created = edges(toColumns, "FEEDS", "upstreamColumns");
            created += edges(toDatasets, "FEEDS_DATASET", "upstreamColumnDependencies");
            List<Map<String, Object>> newSets = sets.created();
            if (!newSets.isEmpty()) {
                db.run("sets.create", """
                        UNWIND $rows AS row
                        MATCH (j) WHERE elementId(j) = row.j
                        MATCH (d) WHERE elementId(d) = row.d
                        MERGE (j)-[c:COLUMN_LINEAGE {key: row.job}]->(d)
                        SET c += row.props
                        """, Map.of("rows", withEnds(newSets)));
            }
            List<Map<String, Object>> movedSets = sets.updated();
            if (!movedSets.isEmpty()) {
                db.run("sets.update", """
                        UNWIND $rows AS row
                        MATCH ()-[c]->() WHERE elementId(c) = row.id
                        SET c += row.props
                        """, Map.of("rows", movedSets));
            }
            return created;
        }

        /**
         * Where an edge row comes from: the event's job, run and time, its set's content in this event and after the
         * batch, and whether the event leads its set (then the edge shares the set's run instead of holding its own).
         */
        private record EdgeSource(String job, String run, long at, String hash, String finalHash, boolean leads) {
        }

        private Map<String, Object> edgeRow(String src, String dst, EdgeSource source, ColumnLineage.Transformation t) {
            Map<String, Object> row = new HashMap<>();
            row.put("src", src);
            row.put("dst", dst);
            row.put("key", source.job() + "|" + t.type() + "|" + t.subtype());
            row.put("job", source.job());
            row.put("type", t.type());
            row.put("subtype", t.subtype());
            row.put("description", t.description());
            row.put("masking", t.masking());
            row.put("run", source.run());
            row.put("at", source.at());
            row.put("finalHash", source.finalHash());
            row.put("leads", source.leads());
            row.put("hash", source.hash());
            // Ties on time are broken by run, then the set's content (as for the set, so a set's run can be written
            // onto its edges as is); within one event by description and masking. The outcome never depends on order.
            row.put("tiebreak", source.run() + "\u0000" + source.hash());
            row.put("within", t.description() + "\u0000" + t.masking());
            return row;
        }

        private int edges(List<Map<String, Object>> all, String type, String aspect) {
            if (all.isEmpty()) {
                return 0;
            }
            Map<String, Map<String, Object>> winners = new LinkedHashMap<>();
            for (Map<String, Object> row : all) {
                String id = row.get("src") + "\u0000" + row.get("dst") + "\u0000" + row.get("key");
                Map<String, Object> current = winners.get(id);
                if (current == null || (long) row.get("at") > (long) current.get("at")
                        || ((long) row.get("at") == (long) current.get("at") && (compare(row, current, "tiebreak") > 0
                            || (compare(row, current, "tiebreak") == 0 && compare(row, current, "within") > 0)))) {
                    winners.put(id, row);
                }
            }
            List<Map<String, Object>> rows = List.copyOf(winners.values());
            List<Map<String, Object>> lookups = new ArrayList<>(rows.size());
            String[] sources = new String[rows.size()];
            String[] targets = new String[rows.size()];
            boolean[] cannotExist = new boolean[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                sources[i] = nodeId((String) row.get("src"));
                targets[i] = nodeId((String) row.get("dst"));
                cannotExist[i] = newEnd(row);
                if (!cannotExist[i]) {
                    lookups.add(Map.of("i", i, "s", sources[i], "t", targets[i], "key", row.get("key")));
                }
            }
            // Both ends are found by node id and the edge between them by Expand(Into), not by scanning the source's
            // edges. The relationship type is one of two constants, never input.
            Map<Integer, Record> found = new HashMap<>();
            if (!lookups.isEmpty()) {
                db.run(type + ".read", """
                        UNWIND $rows AS row
                        MATCH (s) WHERE elementId(s) = row.s
                        MATCH (t) WHERE elementId(t) = row.t
                        MATCH (s)-[f:%s {key: row.key}]->(t)
                        RETURN row.i AS i, elementId(f) AS id, f.lastRunAt AS lastRunAt, f.tiebreak AS tiebreak, f.setHash AS setHash,
                               f.lastRun AS lastRun, f.description AS description, f.masking AS masking
                        """.formatted(type), Map.of("rows", lookups)).forEach(r -> found.put(r.get("i").asInt(), r));
            }
            List<Map<String, Object>> created = new ArrayList<>();
            List<Map<String, Object>> createdNew = new ArrayList<>();
            List<Map<String, Object>> shared = new ArrayList<>();
            List<Map<String, Object>> own = new ArrayList<>();
            Map<String, Integer> addedPerTarget = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                boolean leads = (boolean) row.get("leads");
                Record current = found.get(i);
                if (current == null) {
                    Map<String, Object> props = new HashMap<>();
                    props.put("job", row.get("job"));
                    props.put("type", row.get("type"));
                    props.put("subtype", row.get("subtype"));
                    props.put("createdAt", now);
                    lastRun(props, row);
                    if (cannotExist[i]) {
                        props.put("key", row.get("key"));
                        createdNew.add(Map.of("s", sources[i], "t", targets[i], "props", props));
                    } else {
                        created.add(Map.of("s", sources[i], "t", targets[i], "key", row.get("key"), "props", props));
                    }
                    addedPerTarget.merge((String) row.get("dst"), 1, Integer::sum);
                    continue;
                }
                String setHash = current.get("setHash").asString(null);
                boolean newer;
                if (leads) {
                    // The set's newest event, whose content is new: newer than every run any edge of the set holds.
                    newer = true;
                } else if (setHash != null && setHash.equals(row.get("finalHash"))) {
                    // The edge belongs to the set's newest content, which wins over every other event of the set.
                    newer = false;
                } else {
                    long at = (long) row.get("at");
                    String tiebreak = (String) row.get("tiebreak");
                    newer = setHash != null || current.get("lastRunAt").isNull() || at > current.get("lastRunAt").asLong()
                            || (at == current.get("lastRunAt").asLong() && tiebreak.compareTo(current.get("tiebreak").asString("")) > 0);
                }
                if (!newer) {
                    continue;
                }
                // Only what differs is written.
                Map<String, Object> props = new HashMap<>();
                if (leads) {
                    putIfChanged(props, current, "setHash", row.get("hash"));
                } else {
                    putIfChanged(props, current, "lastRun", row.get("run"));
                    putIfChanged(props, current, "lastRunAt", row.get("at"));
                    putIfChanged(props, current, "tiebreak", row.get("tiebreak"));
                }
                putIfChanged(props, current, "description", row.get("description"));
                putIfChanged(props, current, "masking", row.get("masking"));
                boolean formChanges = leads ? !current.get("lastRunAt").isNull() : setHash != null;
                if (!props.isEmpty() || formChanges) {
                    (leads ? shared : own).add(Map.of("id", current.get("id").asString(), "props", props));
                }
            }
            if (!createdNew.isEmpty()) {
                db.run(type + ".createNew", """
                        UNWIND $rows AS row
                        MATCH (s) WHERE elementId(s) = row.s
                        MATCH (t) WHERE elementId(t) = row.t
                        CREATE (s)-[f:%s]->(t)
                        SET f = row.props
                        """.formatted(type), Map.of("rows", createdNew));
            }
            if (!created.isEmpty()) {
                db.run(type + ".create", """
                        UNWIND $rows AS row
                        MATCH (s) WHERE elementId(s) = row.s
                        MATCH (t) WHERE elementId(t) = row.t
                        MERGE (s)-[f:%s {key: row.key}]->(t)
                          ON CREATE SET f += row.props
                        """.formatted(type), Map.of("rows", created));
            }
            if (!shared.isEmpty()) {
                db.run(type + ".share", """
                        UNWIND $rows AS row
                        MATCH ()-[f]->() WHERE elementId(f) = row.id
                        SET f += row.props
                        REMOVE f.lastRun, f.lastRunAt, f.tiebreak
                        """, Map.of("rows", shared));
            }
            if (!own.isEmpty()) {
                db.run(type + ".update", """
                        UNWIND $rows AS row
                        MATCH ()-[f]->() WHERE elementId(f) = row.id
                        SET f += row.props
                        REMOVE f.setHash
                        """, Map.of("rows", own));
            }
            recordAddedEdges(addedPerTarget, aspect);
            return created.size() + createdNew.size();
        }

        /**
         * One change per target dataset, not per column: a new lineage run adds edges into tens of columns at once, and
         * a change each made the change log most of a batch's work (see docs/design.md, "Change log granularity").
         */
        private void recordAddedEdges(Map<String, Integer> addedPerTarget, String aspect) {
            Map<Urn, Integer> addedPerDataset = new LinkedHashMap<>();
            Map<Urn, Map<String, Integer>> addedPerColumn = new HashMap<>();
            addedPerTarget.forEach((target, added) -> {
                Urn urn = Urn.parse(target);
                Urn dataset = urn.type() == EntityType.COLUMN ? Urn.dataset(urn.uuid()) : urn;
                addedPerDataset.merge(dataset, added, Integer::sum);
                if (urn.type() == EntityType.COLUMN) {
                    addedPerColumn.computeIfAbsent(dataset, d -> new TreeMap<>()).put(urn.keyParts().get(1), added);
                }
            });
            addedPerDataset.forEach((dataset, added) -> {
                Map<String, Object> after = new HashMap<>();
                after.put("added", added);
                if (addedPerColumn.containsKey(dataset)) {
                    after.put("columns", addedPerColumn.get(dataset));
                }
                record(dataset, aspect, ChangeType.UPSERT, json(after));
            });
        }

        /** Whether an edge row has an end this batch created, so that the edge cannot exist yet. */
        private boolean newEnd(Map<String, Object> row) {
            return createdHere.contains((String) row.get("src")) || createdHere.contains((String) row.get("dst"));
        }

        private static int compare(Map<String, Object> row, Map<String, Object> other, String key) {
            return ((String) row.get(key)).compareTo((String) other.get(key));
        }

        private void lastRun(Map<String, Object> props, Map<String, Object> row) {
            if ((boolean) row.get("leads")) {
                props.put("setHash", row.get("hash"));
            } else {
                props.put("lastRun", row.get("run"));
                props.put("lastRunAt", row.get("at"));
                props.put("tiebreak", row.get("tiebreak"));
            }
            putIfNotNull(props, "description", row.get("description"));
            props.put("masking", row.get("masking"));
        }

        // ---- job versions: a new version when the inputs or outputs change; current lineage follows the latest ----

        private void jobVersions() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LineageEvent event : events) {
                if (!EventDigests.definesVersion(event)) {
                    continue;
                }
                List<String> inputs = urns(event.inputs());
                List<String> outputs = urns(event.outputs());
                String hash = digests.version(event);
                Map<String, Object> row = new HashMap<>();
                String job = LineageIds.job(event.job().namespace(), event.job().name()).toString();
                row.put("job", job);
                row.put("hash", hash);
                row.put("key", job + '#' + hash);
                row.put("inputs", inputs);
                row.put("outputs", outputs);
                row.put("at", event.eventTime().toEpochMilli());
                row.put("run", event.run() == null ? null : Urn.run(event.run().runId()).toString());
                rows.add(row);
            }
            if (rows.isEmpty()) {
                return;
            }
            Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
            rows.forEach(row -> byKey.putIfAbsent((String) row.get("key"), row));
            Map<String, String> versionIds = new HashMap<>();
            db.run("versions.read", """
                    UNWIND $keys AS key
                    MATCH (v:JobVersion {key: key})
                    RETURN key, elementId(v) AS id
                    """, Map.of("keys", List.copyOf(byKey.keySet()))).forEach(r -> versionIds.put(r.get("key").asString(), r.get("id").asString()));
            List<Map<String, Object>> missing = new ArrayList<>();
            for (Map<String, Object> row : byKey.values()) {
                if (!versionIds.containsKey((String) row.get("key"))) {
                    Map<String, Object> withJob = new HashMap<>(row);
                    withJob.put("j", nodeId((String) row.get("job")));
                    missing.add(withJob);
                }
            }
            if (!missing.isEmpty()) {
                db.run("versions.create", """
                        UNWIND $rows AS row
                        MATCH (j) WHERE elementId(j) = row.j
                        MERGE (v:JobVersion {key: row.key})
                          ON CREATE SET v.version = row.hash, v.job = row.job, v.inputs = row.inputs, v.outputs = row.outputs,
                                        v.createdAt = $now
                        MERGE (j)-[:HAS_VERSION]->(v)
                        RETURN row.key AS key, elementId(v) AS id
                        """, Map.of("rows", missing, "now", now)).forEach(r -> versionIds.put(r.get("key").asString(), r.get("id").asString()));
            }
            Set<List<String>> ran = new LinkedHashSet<>();
            rows.stream().filter(row -> row.get("run") != null)
                    .forEach(row -> ran.add(List.of(nodeId((String) row.get("run")), versionIds.get((String) row.get("key")))));
            if (!ran.isEmpty()) {
                db.run("versions.ran", """
                        UNWIND $pairs AS pair
                        MATCH (r) WHERE elementId(r) = pair[0]
                        MATCH (v) WHERE elementId(v) = pair[1]
                        MERGE (r)-[:RAN_VERSION]->(v)
                        """, Map.of("pairs", List.copyOf(ran)));
            }
            Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
            for (Map<String, Object> row : rows) {
                Map<String, Object> current = latest.get((String) row.get("job"));
                if (current == null || (long) row.get("at") > (long) current.get("at")
                        || ((long) row.get("at") == (long) current.get("at") && ((String) row.get("hash")).compareTo((String) current.get("hash")) > 0)) {
                    latest.put((String) row.get("job"), row);
                }
            }
            List<Map<String, Object>> updated = new ArrayList<>();
            List<String> changedJobs = new ArrayList<>();
            for (Map<String, Object> row : latest.values()) {
                // Only this step writes a job's version state, so what jobs() read is still current.
                Record current = jobStates.get((String) row.get("job"));
                long at = (long) row.get("at");
                String hash = (String) row.get("hash");
                String version = current == null ? null : current.get("currentVersion").asString(null);
                boolean newer = current == null || current.get("versionAt").isNull() || at > current.get("versionAt").asLong()
                        || (at == current.get("versionAt").asLong() && hash.compareTo(version == null ? "" : version) > 0);
                if (!newer) {
                    continue;
                }
                Map<String, Object> props = new HashMap<>();
                putIfChanged(props, current, "versionAt", at, "versionAt");
                putIfChanged(props, current, "currentVersion", hash, "currentVersion");
                putIfChanged(props, current, "currentInputs", row.get("inputs"), "currentInputs");
                putIfChanged(props, current, "currentOutputs", row.get("outputs"), "currentOutputs");
                if (!props.isEmpty()) {
                    updated.add(Map.of("urn", row.get("job"), "props", props));
                }
                if (!hash.equals(version)) {
                    changedJobs.add((String) row.get("job"));
                    record(Urn.parse((String) row.get("job")), "jobVersion", ChangeType.UPSERT, json(Map.of("version", hash)));
                }
            }
            updateEntities("versions.update", updated);
            if (changedJobs.isEmpty()) {
                return;
            }
            db.run("versions.rewire", """
                    UNWIND $jobs AS urn
                    MATCH (j:Entity {urn: urn})
                    USING INDEX SEEK j:Entity(urn)
                    OPTIONAL MATCH (j)-[r:READS|WRITES]->(d)
                    WHERE (type(r) = 'READS' AND NOT d.urn IN j.currentInputs) OR (type(r) = 'WRITES' AND NOT d.urn IN j.currentOutputs)
                    DELETE r
                    WITH DISTINCT j
                    CALL (j) {
                      UNWIND j.currentInputs AS input
                      MATCH (d:Entity {urn: input})
                      USING INDEX SEEK d:Entity(urn)
                      MERGE (j)-[:READS]->(d)
                    }
                    CALL (j) {
                      UNWIND j.currentOutputs AS output
                      MATCH (d:Entity {urn: output})
                      USING INDEX SEEK d:Entity(urn)
                      MERGE (j)-[:WRITES]->(d)
                    }
                    """, Map.of("jobs", changedJobs));
        }

        private List<String> urns(List<DatasetInfo> list) {
            return new ArrayList<>(new TreeSet<>(list.stream().map(d -> dataset(d.namespace(), d.name()).toString()).toList()));
        }

        // ---- facets: kept as-is on the node they describe; the latest event's value wins ----

        private void facets() {
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (LineageEvent event : events) {
                long at = event.eventTime().toEpochMilli();
                if (event.job() != null) {
                    String job = LineageIds.job(event.job().namespace(), event.job().name()).toString();
                    event.job().facets().forEach((key, value) -> facet(rows, job, key, value, at));
                }
                if (event.run() != null && event.kind() == LineageEvent.Kind.RUN) {
                    String run = Urn.run(event.run().runId()).toString();
                    event.run().facets().forEach((key, value) -> facet(rows, run, key, value, at));
                }
                for (DatasetInfo dataset : allDatasets(event)) {
                    String urn = dataset(dataset.namespace(), dataset.name()).toString();
                    dataset.facets().forEach((key, value) -> facet(rows, urn, key, value, at));
                    // Input/output facets (quality metrics, assertions, statistics) describe the dataset as a run saw it.
                    dataset.ioFacets().forEach((key, value) -> facet(rows, urn, "io:" + key, value, at));
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            List<Map<String, Object>> winners = List.copyOf(rows.values());
            List<Map<String, Object>> lookups = new ArrayList<>(winners.size());
            for (int i = 0; i < winners.size(); i++) {
                Map<String, Object> row = winners.get(i);
                lookups.add(Map.of("i", i, "owner", row.get("owner"), "key", row.get("key"), "json", row.get("json")));
            }
            // The stored text is compared where it lies; only the verdicts come back, not the (large) values.
            Map<Integer, Record> found = new HashMap<>();
            db.run("facets.read", """
                    UNWIND $rows AS row
                    MATCH (f:Facet {owner: row.owner, key: row.key})
                    RETURN row.i AS i, f.at AS at, coalesce(f.json = row.json, false) AS same, coalesce(row.json > f.json, true) AS larger
                    """, Map.of("rows", lookups)).forEach(r -> found.put(r.get("i").asInt(), r));
            List<Map<String, Object>> created = new ArrayList<>();
            List<Map<String, Object>> updated = new ArrayList<>();
            for (int i = 0; i < winners.size(); i++) {
                Map<String, Object> row = winners.get(i);
                Record current = found.get(i);
                if (current == null) {
                    created.add(row);
                    record(Urn.parse((String) row.get("owner")), "facet:" + row.get("key"), ChangeType.UPSERT, (String) row.get("json"));
                    continue;
                }
                long at = (long) row.get("at");
                boolean newer = current.get("at").isNull() || at > current.get("at").asLong()
                        || (at == current.get("at").asLong() && current.get("larger").asBoolean());
                if (!newer) {
                    continue;
                }
                if (current.get("same").asBoolean()) {
                    if (current.get("at").isNull() || at != current.get("at").asLong()) {
                        updated.add(Map.of("owner", row.get("owner"), "key", row.get("key"), "props", Map.of("at", at)));
                    }
                } else {
                    updated.add(Map.of("owner", row.get("owner"), "key", row.get("key"), "props", Map.of("at", at, "json", row.get("json"))));
                    record(Urn.parse((String) row.get("owner")), "facet:" + row.get("key"), ChangeType.UPSERT, (String) row.get("json"));
                }
            }
            if (!created.isEmpty()) {
                db.run("facets.create", """
                        UNWIND $rows AS row
                        MATCH (n:Entity {urn: row.owner})
                        USING INDEX SEEK n:Entity(urn)
                        MERGE (f:Facet {owner: row.owner, key: row.key})
                          ON CREATE SET f.createdAt = $now, f.json = row.json, f.at = row.at
                        MERGE (f)-[:FACET_OF]->(n)
                        """, Map.of("rows", created, "now", now));
            }
            if (!updated.isEmpty()) {
                db.run("facets.update", """
                        UNWIND $rows AS row
                        MATCH (f:Facet {owner: row.owner, key: row.key})
                        SET f += row.props
                        """, Map.of("rows", updated));
            }
        }

        private void facet(Map<String, Map<String, Object>> rows, String owner, String key, String json, long at) {
            // Within a batch only the winning value per facet is sent: later time first, then the larger text.
            String id = owner + "\u0000" + key;
            Map<String, Object> current = rows.get(id);
            if (current == null || at > (long) current.get("at")
                    || (at == (long) current.get("at") && json.compareTo((String) current.get("json")) > 0)) {
                rows.put(id, Map.of("owner", owner, "key", key, "json", json, "at", at));
            }
        }

        private String principal() {
            return unit.actor().principal().toString();
        }
    }

    private static void putIfNotNull(Map<String, Object> props, String key, Object value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    private static void putIfChanged(Map<String, Object> props, Record current, String key, Object value) {
        putIfChanged(props, current, key, value, key);
    }

    /**
     * Puts {@code value} under {@code key} unless the stored value (column {@code column} of the read; none when
     * {@code current} is null) equals it.
     */
    private static void putIfChanged(Map<String, Object> props, Record current, String key, Object value, String column) {
        Object stored = current == null || current.get(column).isNull() ? null : current.get(column).asObject();
        if (!sameValue(stored, value)) {
            props.put(key, value);
        }
    }

    /** Neo4j hands numbers back as longs and lists as lists of its own: compare by value, not by Java type. */
    private static boolean sameValue(Object stored, Object value) {
        if (stored == null || value == null) {
            return stored == value;
        }
        if (stored instanceof Number a && value instanceof Number b) {
            return a.longValue() == b.longValue();
        }
        return stored.equals(value);
    }

    private static Long min(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.min(a, b));
    }

    private static Long max(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.max(a, b));
    }

    private static List<DatasetInfo> allDatasets(LineageEvent event) {
        List<DatasetInfo> all = new ArrayList<>(event.inputs().size() + event.outputs().size());
        all.addAll(event.inputs());
        all.addAll(event.outputs());
        return all;
    }

    private static List<RunRef> refs(RunInfo run) {
        List<RunRef> refs = new ArrayList<>(2);
        if (run.parent() != null) {
            refs.add(run.parent());
        }
        if (run.root() != null) {
            refs.add(run.root());
        }
        return refs;
    }

    /** Change summaries with keys sorted at every level, so the same change always reads the same. */
    private static final ObjectMapper SUMMARY_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    static String json(Map<String, ?> values) {
        try {
            return SUMMARY_JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change summary of plain values is always JSON", e);
        }
    }
}
