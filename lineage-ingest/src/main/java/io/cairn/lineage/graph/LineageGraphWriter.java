package io.cairn.lineage.graph;

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
import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.TransactionContext;

/**
 * Writes a batch of events into the lineage graph in one unit of work (one Neo4j transaction, one change-log append):
 * the batch is planned into row lists first and each kind of write is one {@code UNWIND} statement, so the cost per
 * event is a few index look-ups, not a round trip per node.
 *
 * <p>Every write is idempotent and order-independent: nodes and edges are MERGEd on stable keys, and state that can
 * change (run state, facets, the current job version, an edge's last run) is only replaced by a value from a later
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
        return store.write(actor, unit -> new Batch(unit, events).run());
    }

    /** One attempt at writing a batch; the driver may run it again on a transient failure, so it holds no outside state. */
    private final class Batch {
        private final WriteTransaction unit;
        private final TransactionContext tx;
        private final List<LineageEvent> events;
        private final long now;
        private final Map<String, Urn> datasets = new HashMap<>();
        private int changes;

        Batch(WriteTransaction unit, List<LineageEvent> events) {
            this.unit = unit;
            this.tx = unit.tx();
            this.events = events;
            this.now = unit.now().toEpochMilli();
        }

        IngestResult run() {
            step("raw", this::rawEvents);
            step("datasets", this::resolveDatasets);
            step("jobs", this::jobs);
            step("runs", this::runs);
            step("runLinks", this::runLinks);
            step("runDatasets", this::runDatasets);
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
            if (PROFILE) {
                System.out.printf("  %-12s %6.1f ms%n", name, (System.nanoTime() - start) / 1e6);
            }
        }

        private void record(Urn urn, String aspect, ChangeType type, String after) {
            unit.recordChange(new ChangeDraft(urn, aspect, now, type, null, after));
            changes++;
        }

        // ---- raw events: kept verbatim, de-duplicated by content hash so replays store nothing new ----

        private void rawEvents() {
            if (!keepRawEvents) {
                return;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LineageEvent event : events) {
                if (event.rawJson() == null) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("id", sha256(event.rawJson()));
                row.put("body", event.rawJson());
                row.put("eventTime", event.eventTime().toEpochMilli());
                row.put("runId", event.run() == null || event.run().runId() == null ? null : event.run().runId().toString());
                rows.add(row);
            }
            tx.run("""
                    UNWIND $rows AS row
                    MERGE (r:RawLineageEvent {id: row.id})
                      ON CREATE SET r.body = row.body, r.eventTime = row.eventTime, r.runId = row.runId, r.receivedAt = $now
                    """, Map.of("rows", rows, "now", now)).consume();
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
                String[] name = display.get(keys.get(i));
                String urn = resolved.get(i).urn().toString();
                Map<String, Object> current = smallest.get(urn);
                if (current == null || keys.get(i).compareTo((String) current.get("key")) < 0) {
                    smallest.put(urn, Map.of("urn", urn, "key", keys.get(i), "ns", name[0], "name", name[1]));
                }
            }
            List<Map<String, Object>> rows = List.copyOf(smallest.values());
            // The dataset shows the smallest of its OpenLineage names, so the choice does not depend on arrival order.
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (d:Entity {urn: row.urn})
                    WITH d, row WHERE d.olKey IS NULL OR row.key < d.olKey
                    SET d.olKey = row.key, d.olNamespace = row.ns, d.olName = row.name
                    """, Map.of("rows", rows)).consume();
        }

        private Set<DatasetName> group(Map<String, Set<DatasetName>> groups, Map<String, String[]> display, String ns, String name) {
            String key = DatasetName.openLineage(ns, name).key();
            display.putIfAbsent(key, new String[] {ns.strip(), name.strip()});
            return groups.computeIfAbsent(key, k -> new LinkedHashSet<>(DatasetName.fromOpenLineage(ns, name)));
        }

        private Urn dataset(String namespace, String name) {
            return datasets.get(DatasetName.openLineage(namespace, name).key());
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
            if (rows.isEmpty()) {
                return;
            }
            tx.run("""
                    UNWIND $rows AS row
                    MERGE (j:Entity {urn: row.urn})
                      ON CREATE SET j:Job, j.type = 'job', j.namespace = row.ns, j.name = row.name, j.createdAt = $now,
                                    j.createdBy = $principal, j.updatedAt = $now, j.justCreated = true
                    WITH j WHERE j.justCreated
                    REMOVE j.justCreated
                    RETURN j.urn AS urn, j.namespace AS ns, j.name AS name
                    """, Map.of("rows", List.copyOf(rows.values()), "now", now, "principal", principal()))
                    .forEachRemaining(r -> record(Urn.parse(r.get("urn").asString()), "jobKey", ChangeType.UPSERT,
                            json(Map.of("namespace", r.get("ns").asString(), "name", r.get("name").asString()))));
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
            tx.run("""
                    UNWIND $rows AS row
                    MERGE (r:Entity {urn: row.urn})
                      ON CREATE SET r:Run, r.type = 'run', r.runId = row.runId, r.createdAt = $now, r.createdBy = $principal,
                                    r.justCreated = true
                    WITH r, row, coalesce(r.justCreated, false) AS created,
                         row.state IS NOT NULL AND (r.stateAt IS NULL OR row.at > r.stateAt
                           OR (row.at = r.stateAt AND row.rank > r.stateRank)) AS newer
                    REMOVE r.justCreated
                    FOREACH (_ IN CASE WHEN newer THEN [1] ELSE [] END |
                      SET r.state = row.state, r.stateAt = row.at, r.stateRank = row.rank, r.updatedAt = $now)
                    FOREACH (_ IN CASE WHEN row.startAt IS NOT NULL AND (r.startedAt IS NULL OR row.startAt < r.startedAt) THEN [1] ELSE [] END |
                      SET r.startedAt = row.startAt)
                    FOREACH (_ IN CASE WHEN row.endAt IS NOT NULL AND (r.endedAt IS NULL OR row.endAt > r.endedAt) THEN [1] ELSE [] END |
                      SET r.endedAt = row.endAt)
                    WITH r, created, newer WHERE created OR newer
                    RETURN r.urn AS urn, r.state AS state, created
                    """, Map.of("rows", rows, "now", now, "principal", principal()))
                    .forEachRemaining(r -> record(Urn.parse(r.get("urn").asString()), "runState", ChangeType.UPSERT,
                            r.get("state").isNull() ? "{}" : json(Map.of("state", r.get("state").asString()))));
            tx.run("""
                    UNWIND $pairs AS pair
                    MATCH (r:Entity {urn: pair[0]}), (j:Entity {urn: pair[1]})
                    MERGE (r)-[:RUN_OF]->(j)
                    """, Map.of("pairs", List.copyOf(pairs))).consume();
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
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (c:Entity {urn: row.child}), (p:Entity {urn: row.other}), (cj:Entity {urn: row.childJob}), (pj:Entity {urn: row.otherJob})
                    FOREACH (_ IN CASE WHEN row.kind = 'parent' THEN [1] ELSE [] END |
                      MERGE (c)-[:PARENT_RUN]->(p)
                      FOREACH (__ IN CASE WHEN cj <> pj THEN [1] ELSE [] END | MERGE (cj)-[:PARENT_JOB]->(pj)))
                    FOREACH (_ IN CASE WHEN row.kind = 'root' THEN [1] ELSE [] END | MERGE (c)-[:ROOT_RUN]->(p))
                    """, Map.of("rows", rows)).consume();
        }

        private void runDatasets() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LineageEvent event : events) {
                if (event.kind() != LineageEvent.Kind.RUN) {
                    continue;
                }
                String run = Urn.run(event.run().runId()).toString();
                event.inputs().forEach(d -> rows.add(Map.of("run", run, "dataset", dataset(d.namespace(), d.name()).toString(), "output", false)));
                event.outputs().forEach(d -> rows.add(Map.of("run", run, "dataset", dataset(d.namespace(), d.name()).toString(), "output", true)));
            }
            if (rows.isEmpty()) {
                return;
            }
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (r:Entity {urn: row.run}), (d:Entity {urn: row.dataset})
                    FOREACH (_ IN CASE WHEN row.output THEN [1] ELSE [] END | MERGE (r)-[:PRODUCED]->(d))
                    FOREACH (_ IN CASE WHEN row.output THEN [] ELSE [1] END | MERGE (r)-[:CONSUMED]->(d))
                    """, Map.of("rows", rows)).consume();
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
                    if (dataset.columnLineage() != null) {
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
            // the latest event win (ties: the larger value), so arrival order does not matter.
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (d:Entity {urn: row.dataset})
                    MERGE (c:Entity {urn: row.urn})
                      ON CREATE SET c:Column, c.type = 'column', c.fieldPath = row.fieldPath, c.createdAt = $now,
                                    c.createdBy = $principal, c.stub = row.stub, c.justCreated = true
                    MERGE (d)-[:HAS_COLUMN]->(c)
                    WITH c, row, coalesce(c.justCreated, false) AS created,
                         NOT row.stub AND (c.schemaAt IS NULL OR row.at > c.schemaAt OR (row.at = c.schemaAt AND row.sig > c.schemaSig)) AS newer
                    REMOVE c.justCreated
                    FOREACH (_ IN CASE WHEN newer THEN [1] ELSE [] END |
                      SET c.stub = false, c.olType = row.olType, c.olDescription = row.olDescription,
                          c.schemaAt = row.at, c.schemaSig = row.sig, c.updatedAt = $now)
                    WITH c, created, newer WHERE created OR newer
                    RETURN DISTINCT c.urn AS urn, c.olType AS olType, c.stub AS stub
                    """, Map.of("rows", List.copyOf(rows.values()), "now", now, "principal", principal()))
                    .forEachRemaining(r -> {
                        Map<String, Object> after = new HashMap<>();
                        after.put("stub", r.get("stub").asBoolean(false));
                        if (!r.get("olType").isNull()) {
                            after.put("type", r.get("olType").asString());
                        }
                        record(Urn.parse(r.get("urn").asString()), "schemaField", ChangeType.UPSERT, json(after));
                    });
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

        /** Returns how many column edges did not exist before. */
        private int columnEdges() {
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
                    if (output.columnLineage() == null) {
                        continue;
                    }
                    Urn target = dataset(output.namespace(), output.name());
                    for (ColumnLineage.OutputField field : output.columnLineage().fields()) {
                        String dst = Urn.column(target.uuid(), field.name()).toString();
                        for (ColumnLineage.InputField input : field.inputs()) {
                            String src = Urn.column(dataset(input.namespace(), input.name()).uuid(), input.field()).toString();
                            input.transformations().forEach(t -> toColumns.add(edgeRow(src, dst, job, run, at, t)));
                        }
                    }
                    for (ColumnLineage.InputField input : output.columnLineage().dataset()) {
                        String src = Urn.column(dataset(input.namespace(), input.name()).uuid(), input.field()).toString();
                        input.transformations().forEach(t -> toDatasets.add(edgeRow(src, target.toString(), job, run, at, t)));
                    }
                }
            }
            int created = edges(toColumns, "FEEDS", "upstreamColumns");
            created += edges(toDatasets, "FEEDS_DATASET", "upstreamColumnDependencies");
            return created;
        }

        private Map<String, Object> edgeRow(String src, String dst, String job, String run, long at, ColumnLineage.Transformation t) {
            Map<String, Object> row = new HashMap<>();
            row.put("src", src);
            row.put("dst", dst);
            row.put("key", job + "|" + t.type() + "|" + t.subtype());
            row.put("job", job);
            row.put("type", t.type());
            row.put("subtype", t.subtype());
            row.put("description", t.description());
            row.put("masking", t.masking());
            row.put("run", run);
            row.put("at", at);
            // Ties on time are broken by run, then description and masking, so the outcome never depends on order.
            row.put("tiebreak", run + "\u0000" + t.description() + "\u0000" + t.masking());
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
                        || ((long) row.get("at") == (long) current.get("at")
                            && ((String) row.get("tiebreak")).compareTo((String) current.get("tiebreak")) > 0)) {
                    winners.put(id, row);
                }
            }
            List<Map<String, Object>> rows = List.copyOf(winners.values());
            int[] created = {0};
            // The relationship type is one of two constants, never input.
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (s:Entity {urn: row.src}), (t:Entity {urn: row.dst})
                    MERGE (s)-[f:%s {key: row.key}]->(t)
                      ON CREATE SET f.job = row.job, f.type = row.type, f.subtype = row.subtype, f.createdAt = $now, f.justCreated = true
                    WITH f, t, row, coalesce(f.justCreated, false) AS created,
                         f.lastRunAt IS NULL OR row.at > f.lastRunAt OR (row.at = f.lastRunAt AND row.tiebreak > f.tiebreak) AS newer
                    REMOVE f.justCreated
                    FOREACH (_ IN CASE WHEN newer THEN [1] ELSE [] END |
                      SET f.lastRun = row.run, f.lastRunAt = row.at, f.tiebreak = row.tiebreak, f.description = row.description, f.masking = row.masking)
                    WITH t, created WHERE created
                    RETURN t.urn AS urn, count(*) AS added
                    """.formatted(type), Map.of("rows", rows, "now", now))
                    .forEachRemaining(r -> {
                        created[0] += r.get("added").asInt();
                        record(Urn.parse(r.get("urn").asString()), aspect, ChangeType.UPSERT, json(Map.of("added", r.get("added").asInt())));
                    });
            return created[0];
        }

        // ---- job versions: a new version when the inputs or outputs change; current lineage follows the latest ----

        private void jobVersions() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LineageEvent event : events) {
                boolean defines = event.kind() == LineageEvent.Kind.JOB
                        || (event.kind() == LineageEvent.Kind.RUN && event.state() == RunState.COMPLETE);
                if (!defines) {
                    continue;
                }
                List<String> inputs = urns(event.inputs());
                List<String> outputs = urns(event.outputs());
                // The version is named by the datasets' OpenLineage names (as Marquez does), not by URNs, so the same
                // job history gives the same versions in every Cairn.
                String hash = sha256(String.join(",", names(event.inputs())) + "|" + String.join(",", names(event.outputs())))
                        .substring(0, 32);
                Map<String, Object> row = new HashMap<>();
                row.put("job", LineageIds.job(event.job().namespace(), event.job().name()).toString());
                row.put("hash", hash);
                row.put("inputs", inputs);
                row.put("outputs", outputs);
                row.put("at", event.eventTime().toEpochMilli());
                row.put("run", event.run() == null ? null : Urn.run(event.run().runId()).toString());
                rows.add(row);
            }
            if (rows.isEmpty()) {
                return;
            }
            List<String> changedJobs = new ArrayList<>();
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (j:Entity {urn: row.job})
                    MERGE (v:JobVersion {key: row.job + '#' + row.hash})
                      ON CREATE SET v.version = row.hash, v.job = row.job, v.inputs = row.inputs, v.outputs = row.outputs,
                                    v.createdAt = $now
                    MERGE (j)-[:HAS_VERSION]->(v)
                    FOREACH (_ IN CASE WHEN row.run IS NULL THEN [] ELSE [1] END |
                      MERGE (r:Entity {urn: row.run}) MERGE (r)-[:RAN_VERSION]->(v))
                    """, Map.of("rows", rows, "now", now)).consume();
            Map<Object, Map<String, Object>> latest = new LinkedHashMap<>();
            for (Map<String, Object> row : rows) {
                Map<String, Object> current = latest.get(row.get("job"));
                if (current == null || (long) row.get("at") > (long) current.get("at")
                        || ((long) row.get("at") == (long) current.get("at") && ((String) row.get("hash")).compareTo((String) current.get("hash")) > 0)) {
                    latest.put(row.get("job"), row);
                }
            }
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (j:Entity {urn: row.job})
                    WITH j, row,
                         j.versionAt IS NULL OR row.at > j.versionAt OR (row.at = j.versionAt AND row.hash > j.currentVersion) AS newer
                    WITH j, row, newer, newer AND coalesce(j.currentVersion, '') <> row.hash AS switched
                    FOREACH (_ IN CASE WHEN newer THEN [1] ELSE [] END |
                      SET j.versionAt = row.at, j.currentVersion = row.hash, j.currentInputs = row.inputs, j.currentOutputs = row.outputs)
                    WITH j, switched WHERE switched
                    RETURN DISTINCT j.urn AS urn, j.currentVersion AS version
                    """, Map.of("rows", List.copyOf(latest.values()))).forEachRemaining(r -> {
                changedJobs.add(r.get("urn").asString());
                record(Urn.parse(r.get("urn").asString()), "jobVersion", ChangeType.UPSERT, json(Map.of("version", r.get("version").asString())));
            });
            if (changedJobs.isEmpty()) {
                return;
            }
            tx.run("""
                    UNWIND $jobs AS urn
                    MATCH (j:Entity {urn: urn})
                    OPTIONAL MATCH (j)-[r:READS|WRITES]->(d)
                    WHERE (type(r) = 'READS' AND NOT d.urn IN j.currentInputs) OR (type(r) = 'WRITES' AND NOT d.urn IN j.currentOutputs)
                    DELETE r
                    WITH DISTINCT j
                    CALL (j) {
                      UNWIND j.currentInputs AS input
                      MATCH (d:Entity {urn: input})
                      MERGE (j)-[:READS]->(d)
                    }
                    CALL (j) {
                      UNWIND j.currentOutputs AS output
                      MATCH (d:Entity {urn: output})
                      MERGE (j)-[:WRITES]->(d)
                    }
                    """, Map.of("jobs", changedJobs)).consume();
        }

        private List<String> names(List<DatasetInfo> list) {
            return new ArrayList<>(new TreeSet<>(list.stream().map(d -> DatasetName.openLineage(d.namespace(), d.name()).key()).toList()));
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
            tx.run("""
                    UNWIND $rows AS row
                    MATCH (n:Entity {urn: row.owner})
                    MERGE (f:Facet {owner: row.owner, key: row.key})
                      ON CREATE SET f.createdAt = $now
                    MERGE (f)-[:FACET_OF]->(n)
                    WITH f, row WHERE f.at IS NULL OR row.at > f.at OR (row.at = f.at AND row.json > f.json)
                    WITH f, row, coalesce(f.json, '') <> row.json AS changed
                    SET f.json = row.json, f.at = row.at
                    WITH f, changed WHERE changed
                    RETURN f.owner AS owner, f.key AS key, f.json AS json
                    """, Map.of("rows", List.copyOf(rows.values()), "now", now))
                    .forEachRemaining(r -> record(Urn.parse(r.get("owner").asString()), "facet:" + r.get("key").asString(),
                            ChangeType.UPSERT, r.get("json").asString()));
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

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Map<String, ?> values) {
        StringBuilder out = new StringBuilder("{");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(entry.getKey()).append("\":");
            Object value = entry.getValue();
            if (value instanceof String text) {
                out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                out.append(value);
            }
        });
        return out.append('}').toString();
    }
}
