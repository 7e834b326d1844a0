package io.cairn.lineage.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.graph.LineageIds;
import io.cairn.metadata.dataset.ColumnEdgeRuns;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.InvalidUrnException;
import io.cairn.metadata.urn.Urn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

/**
 * Cairn's own lineage reads: upstream or downstream at dataset or column level with job and transformation filters,
 * and impact analysis (every column, dataset, job and owner downstream of a column). The REST API reads them paged
 * ({@link #traverse}, {@link #impact}); the GraphQL API reads the same walk by URN, unpaged ({@link #walk},
 * {@link #impactOf}).
 *
 * <p>Bounded like every lineage read: breadth-first, one statement per hop over the whole frontier, each node visited
 * once, at most {@code fanOut} edges followed per node per hop, at most {@code maxVisited} nodes per request, and
 * the whole request under the read timeout. Never a variable-length pattern. Results are paged by an opaque keyset
 * cursor over (depth, kind, URN); the expansion stops at the first hop after which the page is full, so the first
 * pages of a huge downstream cost only the hops they show.
 */
public final class LineageTraversal {

    static final int COLUMN = 0;
    static final int DATASET = 1;
    static final int JOB = 2;
    static final int OWNER = 3;
    private static final String[] KIND_NAMES = {"DATASET_FIELD", "DATASET", "JOB", "OWNER"};
    private static final LineageWalk.Kind[] WALK_KINDS = {LineageWalk.Kind.COLUMN, LineageWalk.Kind.DATASET, LineageWalk.Kind.JOB};

    /** Paging lets one request look further than one graph answer may hold. */
    private static final int VISITED_FACTOR = 20;
    /** An unpaged walk answers in one piece. */
    private static final int WHOLE = Integer.MAX_VALUE;

    private final BoundedReads reads;
    private final ReadLimits limits;
    private final ObjectMapper mapper;

    public LineageTraversal(BoundedReads reads, ReadLimits limits, ObjectMapper mapper) {
        this.reads = reads;
        this.limits = limits;
        this.mapper = mapper;
    }

    public ReadLimits limits() {
        return limits;
    }

    /** Upstream or downstream of a dataset (dataset level, through jobs) or of a column (column level). */
    public LineagePage traverse(TraversalQuery query) {
        return run(query, false);
    }

    /** Everything downstream of a column: columns, their datasets, the jobs on the way, and who owns them. */
    public LineagePage impact(TraversalQuery query) {
        if (query.direction() != TraversalQuery.Direction.DOWNSTREAM) {
            throw new IllegalArgumentException("impact analysis follows lineage downstream");
        }
        return run(query, true);
    }

    /**
     * Upstream and/or downstream of a dataset or a job (dataset level: a hop is dataset, job, dataset; from a job the
     * first hop reaches the datasets it writes or reads) or of a column (column level), by URN and unpaged: the hops,
     * caps and truncation of {@link #traverse}, at most {@code maxNodes} nodes in all, in one read. Upstream is walked
     * first; a node reached upstream is not repeated downstream.
     *
     * @throws LineageNotFoundException when the start is not in the lineage graph
     */
    public LineageWalk walk(String startUrn, Set<TraversalQuery.Direction> directions, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more");
        }
        int hops = Math.min(depth, limits.maxDepth());
        return reads.read(deadline -> {
            Start start = resolveUrn(deadline.tx(), startUrn, true);
            Map<String, Found> found = new LinkedHashMap<>();
            boolean truncated = false;
            for (TraversalQuery.Direction direction : List.of(TraversalQuery.Direction.UPSTREAM, TraversalQuery.Direction.DOWNSTREAM)) {
                if (directions.contains(direction)) {
                    Expansion expansion = Expansion.unpaged(this, deadline, direction, start.kind(), List.of(start.urn()), hops, found);
                    expansion.run();
                    truncated |= expansion.truncated;
                }
            }
            return walked(List.of(start.urn()), found, truncated);
        });
    }

    /**
     * Everything downstream of a column, or of a whole dataset ({@code columnUrn} null: its columns through column
     * lineage and the dataset through the jobs that read it), as deep as the limits allow: the columns reached, their
     * datasets and the jobs on the way, in one read. Owners are left to the caller.
     *
     * @throws LineageNotFoundException when the dataset or column is not in the lineage graph
     */
    public LineageWalk impactOf(String datasetUrn, String columnUrn) {
        return reads.read(deadline -> {
            Map<String, Found> found = new LinkedHashMap<>();
            boolean truncated = false;
            List<String> starts;
            if (columnUrn != null) {
                starts = List.of(resolveUrn(deadline.tx(), columnUrn, false, COLUMN).urn());
            } else {
                Start dataset = resolveUrn(deadline.tx(), datasetUrn, false, DATASET);
                starts = deadline.tx().run("""
                        MATCH (:Entity {urn: $urn})-[:HAS_COLUMN]->(c:Column)
                        RETURN c.urn AS urn ORDER BY urn LIMIT $max
                        """, Map.of("urn", dataset.urn(), "max", limits.maxNodes() + 1)).list(r -> r.get("urn").asString());
                if (starts.size() > limits.maxNodes()) {
                    starts = starts.subList(0, limits.maxNodes());
                    truncated = true;
                }
                // Jobs that read the dataset break even where no column lineage says so; so do their outputs.
                Expansion readers = Expansion.unpaged(this, deadline, TraversalQuery.Direction.DOWNSTREAM, DATASET, List.of(dataset.urn()),
                        limits.maxDepth(), found);
                readers.run();
                truncated |= readers.truncated;
            }
            Expansion columns = Expansion.unpaged(this, deadline, TraversalQuery.Direction.DOWNSTREAM, COLUMN, starts, limits.maxDepth(), found);
            if (!starts.isEmpty()) {
                columns.run();
            }
            columns.addDatasetsAndJobs(datasetUrn);
            truncated |= columns.truncated;
            List<String> all = new ArrayList<>(starts);
            if (columnUrn == null) {
                all.add(0, datasetUrn);
            }
            return walked(all, found, truncated);
        });
    }

    private static LineageWalk walked(List<String> starts, Map<String, Found> found, boolean truncated) {
        List<Found> sorted = new ArrayList<>(found.values());
        // A start is no answer of its own walk, even where another start, or a column feeding its dataset, reaches it.
        Set<String> startSet = Set.copyOf(starts);
        sorted.removeIf(f -> startSet.contains(f.urn));
        sorted.sort(Comparator.<Found, TraversalQuery.Direction>comparing(f -> f.direction).thenComparingInt(f -> f.depth)
                .thenComparingInt(f -> f.kind).thenComparing(f -> f.urn));
        List<LineageWalk.Reached> reached = sorted.stream()
                .map(f -> new LineageWalk.Reached(WALK_KINDS[f.kind], f.urn, f.direction, f.depth, f.via)).toList();
        return new LineageWalk(starts, reached, truncated);
    }

    private LineagePage run(TraversalQuery query, boolean impact) {
        String fingerprint = query.fingerprint() + (impact ? "\u0001impact" : "");
        PageCursor after = query.cursor() == null || query.cursor().isBlank() ? null : PageCursor.decode(query.cursor(), fingerprint);
        int hops = Math.min(query.depth(), limits.maxDepth());
        return reads.read(deadline -> {
            Start start = resolve(deadline.tx(), query.start());
            if (impact && start.kind() != COLUMN) {
                throw new IllegalArgumentException("impact analysis starts at a column (datasetField:<ns>:<name>:<field> or a column URN)");
            }
            if (start.kind() == DATASET && (!query.transformationTypes().isEmpty() || !query.transformationSubtypes().isEmpty())) {
                throw new IllegalArgumentException("transformation filters apply to column lineage; start from a datasetField");
            }
            Expansion expansion = new Expansion(this, deadline, query.direction(), start.kind(), List.of(start.urn()), jobUrns(query.jobs()),
                    query.transformationTypes(), query.transformationSubtypes(), query.limit(), after, hops, limits.maxNodes() * VISITED_FACTOR,
                    new LinkedHashMap<>());
            expansion.run();
            if (impact) {
                expansion.addDatasetsAndJobs(Urn.dataset(Urn.parse(start.urn()).uuid()).toString());
                expansion.addOwners();
            }
            return expansion.page(fingerprint);
        });
    }

    private record Start(int kind, String urn) {
    }

    private static final class Found {
        final int kind;
        final String urn;
        final TraversalQuery.Direction direction;
        int depth;
        final List<LineageWalk.Step> via = new ArrayList<>();
        final Set<String> owns = new LinkedHashSet<>();
        List<LineagePage.Owner> owners = List.of();

        Found(int kind, String urn, int depth, TraversalQuery.Direction direction) {
            this.kind = kind;
            this.urn = urn;
            this.depth = depth;
            this.direction = direction;
        }
    }

    /** One breadth-first expansion in one direction; a walk in two directions shares the nodes found. */
    private static final class Expansion {
        private final LineageTraversal traversal;
        private final ReadLimits limits;
        private final BoundedReads.Deadline deadline;
        private final TraversalQuery.Direction direction;
        private final boolean upstream;
        private final int startKind;
        private final List<String> starts;
        private final Set<String> startSet;
        private final List<String> jobs;
        private final List<String> types;
        private final List<String> subtypes;
        private final int limit;
        private final PageCursor after;
        private final int hops;
        private final int maxVisited;
        private final Map<String, Found> found;
        private boolean truncated;

        Expansion(LineageTraversal traversal, BoundedReads.Deadline deadline, TraversalQuery.Direction direction, int startKind,
                  List<String> starts, List<String> jobs, Set<String> types, Set<String> subtypes, int limit, PageCursor after, int hops,
                  int maxVisited, Map<String, Found> found) {
            this.traversal = traversal;
            this.limits = traversal.limits;
            this.deadline = deadline;
            this.direction = direction;
            this.upstream = direction == TraversalQuery.Direction.UPSTREAM;
            this.startKind = startKind;
            this.starts = List.copyOf(starts);
            this.startSet = Set.copyOf(starts);
            this.jobs = jobs;
            this.types = List.copyOf(types);
            this.subtypes = List.copyOf(subtypes);
            this.limit = limit;
            this.after = after;
            this.hops = hops;
            this.maxVisited = maxVisited;
            this.found = found;
        }

        /** No filters, no page: at most {@code maxNodes} nodes found in all (shared with the walk's other expansions). */
        static Expansion unpaged(LineageTraversal traversal, BoundedReads.Deadline deadline, TraversalQuery.Direction direction, int startKind,
                                 List<String> starts, int hops, Map<String, Found> found) {
            return new Expansion(traversal, deadline, direction, startKind, starts, List.of(), Set.of(), Set.of(), WHOLE, null, hops,
                    traversal.limits.maxNodes(), found);
        }

        void run() {
            List<String> frontier = starts;
            int hop = 0;
            while (hop < hops && !frontier.isEmpty()) {
                hop++;
                if (startKind == COLUMN) {
                    frontier = columnHop(frontier, hop);
                } else if (startKind == JOB && hop == 1) {
                    frontier = jobHop(frontier);
                } else {
                    frontier = datasetHop(frontier, hop);
                }
                if (pageFullAt(hop)) {
                    // Every item of a later hop sorts after this page: the next request continues from the cursor.
                    return;
                }
            }
            if (!frontier.isEmpty() && hop == hops) {
                truncated |= hasMore(frontier, startKind == JOB && hop == 0);
            }
        }

        private List<String> columnHop(List<String> frontier, int hop) {
            String pattern = upstream ? "(m:Column)-[f:FEEDS]->(n)" : "(n)-[f:FEEDS|FEEDS_DATASET]->(m)";
            String lastRun = upstream ? ColumnEdgeRuns.feeds("f", "n")
                    : "CASE WHEN m:Column THEN " + ColumnEdgeRuns.feeds("f", "m") + " ELSE " + ColumnEdgeRuns.feedsDataset("f", "m") + " END";
            List<Record> rows = oneHop(frontier, """
                    MATCH %s
                    WHERE (size($jobs) = 0 OR f.job IN $jobs) AND (size($types) = 0 OR f.type IN $types)
                      AND (size($subtypes) = 0 OR f.subtype IN $subtypes)
                    RETURN m.urn AS to, m:Column AS column, f.job AS job, f.type AS type, f.subtype AS subtype,
                           f.description AS description, f.masking AS masking, %s AS lastRun
                    """.formatted(pattern, lastRun), "to, column, job, type, subtype, description, masking, lastRun",
                    Map.of("jobs", jobs, "types", types, "subtypes", subtypes));
            List<String> next = new ArrayList<>();
            for (Record row : withinFanOut(rows)) {
                String from = row.get("from").asString();
                String to = row.get("to").asString();
                boolean column = row.get("column").asBoolean();
                LineageWalk.Step via = new LineageWalk.Step(from, row.get("job").asString(null), row.get("type").asString(null),
                        row.get("subtype").asString(null), row.get("description").asString(null),
                        row.get("masking").isNull() ? null : row.get("masking").asBoolean(), row.get("lastRun").asString(null));
                // A column that feeds a whole dataset (the dataset-level dependency list) reaches the dataset, which is
                // not expanded column by column: that would make every column of it downstream.
                if (reach(column ? COLUMN : DATASET, to, hop, via) && column) {
                    next.add(to);
                }
            }
            return next;
        }

        /**
         * One hop over the whole frontier in one statement: {@code match} (a fixed pattern, never variable-length)
         * runs from each node {@code n} and returns the named {@code columns}, at most one row more than the fan-out
         * cap per node; every row also has {@code from}, the node's URN.
         */
        private List<Record> oneHop(List<String> frontier, String match, String columns, Map<String, Object> parameters) {
            Map<String, Object> all = new HashMap<>(parameters);
            all.put("frontier", frontier);
            all.put("cap", limits.fanOut() + 1);
            return deadline.tx().run("""
                    UNWIND $frontier AS u
                    MATCH (n:Entity {urn: u})
                    CALL (n) {
                      %s
                      LIMIT $cap
                    }
                    RETURN n.urn AS from, %s
                    """.formatted(match, columns), all).list();
        }

        /**
         * The rows of one hop within the fan-out cap of their source node (each hop asks for one row more than the
         * cap, so a node with more neighbours marks the read truncated).
         */
        private List<Record> withinFanOut(List<Record> rows) {
            Map<String, Integer> perNode = new HashMap<>();
            List<Record> kept = new ArrayList<>(rows.size());
            for (Record row : rows) {
                if (perNode.merge(row.get("from").asString(), 1, Integer::sum) > limits.fanOut()) {
                    truncated = true;
                } else {
                    kept.add(row);
                }
            }
            return kept;
        }

        /**
         * Dataset, job, dataset. A job that reads the dataset but writes nothing (a sink; upstream: a source that reads
         * nothing) is reached too: it is downstream all the same.
         */
        private List<String> datasetHop(List<String> frontier, int hop) {
            String pattern = upstream
                    ? "MATCH (n)<-[:WRITES]-(j:Job) WHERE size($jobs) = 0 OR j.urn IN $jobs OPTIONAL MATCH (j)-[:READS]->(m:Dataset)"
                    : "MATCH (n)<-[:READS]-(j:Job) WHERE size($jobs) = 0 OR j.urn IN $jobs OPTIONAL MATCH (j)-[:WRITES]->(m:Dataset)";
            List<Record> rows = oneHop(frontier, pattern + " RETURN j.urn AS job, m.urn AS to", "job, to", Map.of("jobs", jobs));
            List<String> next = new ArrayList<>();
            for (Record row : withinFanOut(rows)) {
                String from = row.get("from").asString();
                String job = row.get("job").asString();
                reach(JOB, job, hop, new LineageWalk.Step(from, null, null, null, null, null, null));
                if (!row.get("to").isNull()) {
                    String to = row.get("to").asString();
                    if (reach(DATASET, to, hop, new LineageWalk.Step(from, job, null, null, null, null, null))) {
                        next.add(to);
                    }
                }
            }
            return next;
        }

        /** From a job, the first hop: the datasets it writes (downstream) or reads (upstream). */
        private List<String> jobHop(List<String> frontier) {
            String pattern = upstream ? "(n)-[:READS]->(m:Dataset)" : "(n)-[:WRITES]->(m:Dataset)";
            List<Record> rows = oneHop(frontier, "MATCH " + pattern + " RETURN m.urn AS to", "to", Map.of());
            List<String> next = new ArrayList<>();
            for (Record row : withinFanOut(rows)) {
                String job = row.get("from").asString();
                String to = row.get("to").asString();
                if (reach(DATASET, to, 1, new LineageWalk.Step(job, job, null, null, null, null, null))) {
                    next.add(to);
                }
            }
            return next;
        }

        /** Records that {@code urn} was reached at {@code hop}; true the first time (the node joins the next frontier). */
        private boolean reach(int kind, String urn, int hop, LineageWalk.Step via) {
            if (startSet.contains(urn)) {
                return false;
            }
            Found existing = found.get(urn);
            if (existing != null) {
                if (existing.depth == hop && existing.direction == direction && existing.via.size() < limits.fanOut()
                        && !existing.via.contains(via)) {
                    existing.via.add(via);
                }
                return false;
            }
            if (found.size() >= maxVisited) {
                truncated = true;
                return false;
            }
            Found item = new Found(kind, urn, hop, direction);
            item.via.add(via);
            found.put(urn, item);
            return true;
        }

        private boolean pageFullAt(int hop) {
            if (limit == WHOLE) {
                return false;
            }
            int count = 0;
            for (Found item : found.values()) {
                if (item.depth <= hop && (after == null || after.compareTo(item.depth, item.kind, item.urn) < 0) && ++count > limit) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the last frontier has edges beyond the depth asked for (checked with one bounded look). */
        private boolean hasMore(List<String> frontier, boolean atJob) {
            String pattern;
            if (atJob) {
                pattern = upstream ? "(n)-[:READS]->(:Dataset)" : "(n)-[:WRITES]->(:Dataset)";
            } else if (startKind == COLUMN) {
                pattern = upstream ? "(:Column)-[:FEEDS]->(n)" : "(n)-[:FEEDS]->(:Column)";
            } else {
                pattern = upstream ? "(n)<-[:WRITES]-(:Job)" : "(n)<-[:READS]-(:Job)";
            }
            return !deadline.tx().run("""
                    UNWIND $frontier AS u
                    MATCH (n:Entity {urn: u}) WHERE EXISTS { %s }
                    RETURN n.urn LIMIT 1
                    """.formatted(pattern), Map.of("frontier", frontier)).list().isEmpty();
        }

        /** Impact: the datasets of the columns reached (but not {@code startDataset}) and the jobs on the edges. */
        void addDatasetsAndJobs(String startDataset) {
            List<Found> columns = found.values().stream().filter(f -> f.kind == COLUMN).toList();
            Map<String, Integer> datasetDepth = new LinkedHashMap<>();
            if (!columns.isEmpty()) {
                Map<String, Found> byUrn = new HashMap<>();
                columns.forEach(c -> byUrn.put(c.urn, c));
                deadline.tx().run("""
                        UNWIND $urns AS u
                        MATCH (d:Dataset)-[:HAS_COLUMN]->(c:Entity {urn: u})
                        RETURN c.urn AS column, d.urn AS dataset
                        """, Map.of("urns", List.copyOf(byUrn.keySet()))).forEachRemaining(r ->
                        datasetDepth.merge(r.get("dataset").asString(), byUrn.get(r.get("column").asString()).depth, Math::min));
            }
            datasetDepth.forEach((dataset, depth) -> {
                if (!dataset.equals(startDataset)) {
                    Found existing = found.get(dataset);
                    if (existing == null) {
                        if (found.size() < maxVisited) {
                            found.put(dataset, new Found(DATASET, dataset, depth, direction));
                        } else {
                            truncated = true;
                        }
                    } else {
                        existing.depth = Math.min(existing.depth, depth);
                    }
                }
            });
            Map<String, Integer> jobDepth = new LinkedHashMap<>();
            for (Found item : List.copyOf(found.values())) {
                for (LineageWalk.Step via : item.via) {
                    if (via.job() != null) {
                        jobDepth.merge(via.job(), item.depth, Math::min);
                    }
                }
            }
            jobDepth.forEach((job, depth) -> {
                if (!found.containsKey(job)) {
                    if (found.size() < maxVisited) {
                        found.put(job, new Found(JOB, job, depth, direction));
                    } else {
                        truncated = true;
                    }
                }
            });
        }

        /** Impact: who owns the datasets and jobs found (governance ownership and the OpenLineage facet). */
        void addOwners() {
            List<String> owned = found.values().stream().filter(f -> f.kind == DATASET || f.kind == JOB).map(f -> f.urn).toList();
            if (owned.isEmpty()) {
                return;
            }
            Map<String, Found> owners = new TreeMap<>();
            deadline.tx().run("""
                    UNWIND $urns AS u
                    MATCH (e:Entity {urn: u})
                    CALL (e) {
                      OPTIONAL MATCH (e)-[:HAS_ASPECT]->(a:Aspect {name: 'ownership', latest: true})
                      RETURN a.value AS aspect LIMIT 1
                    }
                    CALL (e) {
                      OPTIONAL MATCH (e)<-[:FACET_OF]-(f:Facet {key: 'ownership'})
                      RETURN f.json AS facet LIMIT 1
                    }
                    RETURN e.urn AS urn, aspect, facet
                    """, Map.of("urns", owned)).forEachRemaining(r -> {
                Found item = found.get(r.get("urn").asString());
                List<LineagePage.Owner> list = new ArrayList<>();
                for (JsonNode owner : traversal.parse(r.get("aspect").asString(null)).path("owners")) {
                    list.add(new LineagePage.Owner(owner.path("owner").asText(), owner.path("type").asText(null), "governance"));
                }
                for (JsonNode owner : traversal.parse(r.get("facet").asString(null)).path("owners")) {
                    list.add(new LineagePage.Owner(owner.path("name").asText(), owner.path("type").asText(null), "openlineage"));
                }
                item.owners = List.copyOf(new LinkedHashSet<>(list));
                for (LineagePage.Owner owner : item.owners) {
                    Found entry = owners.computeIfAbsent(owner.owner(), name -> new Found(OWNER, name, item.depth, direction));
                    entry.depth = Math.min(entry.depth, item.depth);
                    entry.owns.add(item.urn);
                }
            });
            owners.forEach((name, owner) -> found.put("owner\u0000" + name, owner));
        }

        LineagePage page(String fingerprint) {
            List<Found> sorted = new ArrayList<>(found.values());
            sorted.sort(Comparator.<Found>comparingInt(f -> f.depth).thenComparingInt(f -> f.kind).thenComparing(f -> f.urn));
            List<Found> page = new ArrayList<>();
            boolean more = false;
            for (Found item : sorted) {
                if (after != null && after.compareTo(item.depth, item.kind, item.urn) >= 0) {
                    continue;
                }
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(item);
            }
            Map<String, String> ids = ids(page);
            List<LineagePage.Item> items = new ArrayList<>(page.size());
            for (Found item : page) {
                List<LineagePage.Via> via = item.via.stream().map(v -> new LineagePage.Via(ids.getOrDefault(v.from(), v.from()),
                        v.job() == null ? null : ids.getOrDefault(v.job(), v.job()), v.type(), v.subtype(), v.description(), v.masking())).toList();
                List<String> owns = item.owns.stream().map(u -> ids.getOrDefault(u, u)).toList();
                String id = item.kind == OWNER ? item.urn : ids.getOrDefault(item.urn, item.urn);
                items.add(new LineagePage.Item(KIND_NAMES[item.kind], id, item.kind == OWNER ? null : item.urn, item.depth, via,
                        item.owners, owns));
            }
            String next = null;
            if (more) {
                Found last = page.get(page.size() - 1);
                next = new PageCursor(last.depth, last.kind, last.urn).encode(fingerprint);
            }
            Map<String, String> startId = ids(List.of(new Found(startKind, starts.get(0), 0, direction)));
            LineagePage.Item startItem = new LineagePage.Item(KIND_NAMES[startKind], startId.getOrDefault(starts.get(0), starts.get(0)),
                    starts.get(0), 0, List.of(), List.of(), List.of());
            return new LineagePage(startItem, direction.name(), hops, items, truncated, next);
        }

        /** Marquez ids for the page's nodes and for every node their edges name. */
        private Map<String, String> ids(List<Found> page) {
            Set<String> urns = new LinkedHashSet<>();
            for (Found item : page) {
                if (item.kind != OWNER) {
                    urns.add(item.urn);
                }
                item.via.forEach(v -> {
                    urns.add(v.from());
                    if (v.job() != null) {
                        urns.add(v.job());
                    }
                });
                urns.addAll(item.owns);
            }
            Map<String, String> ids = new HashMap<>();
            if (urns.isEmpty()) {
                return ids;
            }
            deadline.tx().run("""
                    UNWIND $urns AS u
                    MATCH (n:Entity {urn: u})
                    OPTIONAL MATCH (d:Dataset)-[:HAS_COLUMN]->(n)
                    RETURN n.urn AS urn, n:Job AS job, n:Column AS column, n.namespace AS jobNamespace, n.name AS jobName,
                           coalesce(d.olNamespace, n.olNamespace) AS ns, coalesce(d.olName, n.olName) AS name, n.fieldPath AS field
                    """, Map.of("urns", List.copyOf(urns))).forEachRemaining(r -> {
                String urn = r.get("urn").asString();
                if (r.get("job").asBoolean()) {
                    ids.put(urn, NodeId.job(r.get("jobNamespace").asString(""), r.get("jobName").asString("")));
                } else if (r.get("column").asBoolean()) {
                    ids.put(urn, NodeId.field(r.get("ns").asString(""), r.get("name").asString(""), r.get("field").asString("")));
                } else if (!r.get("name").isNull()) {
                    ids.put(urn, NodeId.dataset(r.get("ns").asString(""), r.get("name").asString("")));
                }
            });
            return ids;
        }
    }

    private JsonNode parse(String json) {
        if (json == null) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private Start resolve(TransactionContext tx, String text) {
        String value = text.strip();
        if (value.startsWith("urn:")) {
            return resolveUrn(tx, value, false);
        }
        NodeId node = NodeId.parse(value);
        return switch (node.kind()) {
            case DATASET -> new Start(DATASET, datasetUrn(tx, node.namespace(), node.name()));
            case DATASET_FIELD -> {
                String dataset = datasetUrn(tx, node.namespace(), node.name());
                String column = Urn.column(Urn.parse(dataset).uuid(), node.field()).toString();
                if (tx.run("MATCH (c:Entity:Column {urn: $urn}) RETURN c.urn", Map.of("urn", column)).list().isEmpty()) {
                    throw new LineageNotFoundException("no field '" + node.field() + "' in dataset " + node.namespace() + ":" + node.name());
                }
                yield new Start(COLUMN, column);
            }
            case JOB -> throw new IllegalArgumentException("lineage starts at a dataset or a column; filter by job with 'job'");
        };
    }

    /** A start given by URN that must be of the {@code expected} kind. */
    private static Start resolveUrn(TransactionContext tx, String value, boolean jobs, int expected) {
        Start start = resolveUrn(tx, value, jobs);
        if (start.kind() != expected) {
            throw new IllegalArgumentException("'" + value + "' is not a " + (expected == COLUMN ? "column" : "dataset") + " URN");
        }
        return start;
    }

    /** A start given by URN: a dataset or a column (or, for {@link #walk}, a job) that the lineage graph holds. */
    private static Start resolveUrn(TransactionContext tx, String value, boolean jobs) {
        Urn urn;
        try {
            urn = Urn.parse(value);
        } catch (InvalidUrnException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid URN: " + e.getMessage());
        }
        int kind = switch (urn.type()) {
            case COLUMN -> COLUMN;
            case DATASET -> DATASET;
            case JOB -> jobs ? JOB : -1;
            default -> -1;
        };
        if (kind < 0) {
            throw new IllegalArgumentException("lineage starts at a dataset" + (jobs ? ", a job" : "") + " or a column, not a " + urn.type());
        }
        if (tx.run("MATCH (n:Entity {urn: $urn}) RETURN n.urn", Map.of("urn", urn.toString())).list().isEmpty()) {
            throw new LineageNotFoundException(switch (kind) {
                case COLUMN -> "no column '" + urn.keyParts().get(1) + "' in dataset " + Urn.dataset(urn.uuid());
                case JOB -> "no job " + urn;
                default -> "no dataset " + urn;
            });
        }
        return new Start(kind, urn.toString());
    }

    private static List<String> jobUrns(Set<String> jobs) {
        List<String> urns = new ArrayList<>();
        for (String job : jobs) {
            String value = job.strip();
            if (value.startsWith("urn:")) {
                Urn urn = Urn.parse(value);
                if (urn.type() != EntityType.JOB) {
                    throw new IllegalArgumentException("job filter '" + value + "' is not a job URN");
                }
                urns.add(urn.toString());
            } else {
                NodeId node = NodeId.parse(value.startsWith("job:") ? value : "job:" + value);
                if (node.kind() != NodeId.Kind.JOB) {
                    throw new IllegalArgumentException("job filter '" + value + "' must be job:<namespace>:<name>");
                }
                urns.add(LineageIds.job(node.namespace(), node.name()).toString());
            }
        }
        return urns;
    }

    private static String datasetUrn(TransactionContext tx, String namespace, String name) {
        List<String> keys = DatasetName.fromOpenLineage(namespace, name).stream().map(DatasetName::key).toList();
        return tx.run("""
                UNWIND $keys AS key
                MATCH (:DatasetAlias {name: key})-[:ALIAS_OF]->(d:Dataset)
                RETURN d.urn AS urn LIMIT 1
                """, Map.of("keys", keys)).list(r -> r.get("urn").asString()).stream().findFirst()
                .orElseThrow(() -> new LineageNotFoundException("no dataset " + namespace + ":" + name));
    }
}
