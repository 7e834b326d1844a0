package io.cairn.lineage.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.graph.LineageIds;
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
 * and impact analysis (every column, dataset, job and owner downstream of a column).
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

    /** Paging lets one request look further than one graph answer may hold. */
    private static final int VISITED_FACTOR = 20;

    private final BoundedReads reads;
    private final ReadLimits limits;
    private final ObjectMapper mapper;

    public LineageTraversal(BoundedReads reads, ReadLimits limits, ObjectMapper mapper) {
        this.reads = reads;
        this.limits = limits;
        this.mapper = mapper;
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
            Expansion expansion = new Expansion(deadline, query, start, jobUrns(query.jobs()), after, hops);
            expansion.run(impact);
            if (impact) {
                expansion.addDatasetsJobsAndOwners();
            }
            return expansion.page(fingerprint);
        });
    }

    private record Start(int kind, String urn) {
    }

    /** An edge followed into a node: from which node, through which job, with which transformation (URNs). */
    private record Edge(String from, String job, String type, String subtype, String description, Boolean masking) {
    }

    private static final class Found {
        final int kind;
        final String urn;
        int depth;
        final List<Edge> via = new ArrayList<>();
        final Set<String> owns = new LinkedHashSet<>();
        List<LineagePage.Owner> owners = List.of();

        Found(int kind, String urn, int depth) {
            this.kind = kind;
            this.urn = urn;
            this.depth = depth;
        }
    }

    /** One request's breadth-first expansion. */
    private final class Expansion {
        private final BoundedReads.Deadline deadline;
        private final TraversalQuery query;
        private final Start start;
        private final List<String> jobs;
        private final PageCursor after;
        private final int hops;
        private final int maxVisited = limits.maxNodes() * VISITED_FACTOR;
        private final Map<String, Found> found = new LinkedHashMap<>();
        private boolean truncated;

        Expansion(BoundedReads.Deadline deadline, TraversalQuery query, Start start, List<String> jobs, PageCursor after, int hops) {
            this.deadline = deadline;
            this.query = query;
            this.start = start;
            this.jobs = jobs;
            this.after = after;
            this.hops = hops;
        }

        void run(boolean impact) {
            boolean upstream = query.direction() == TraversalQuery.Direction.UPSTREAM;
            List<String> frontier = List.of(start.urn());
            int hop = 0;
            while (hop < hops && !frontier.isEmpty()) {
                hop++;
                frontier = start.kind() == COLUMN ? columnHop(frontier, hop, upstream) : datasetHop(frontier, hop, upstream);
                if (pageFullAt(hop)) {
                    // Every item of a later hop sorts after this page: the next request continues from the cursor.
                    return;
                }
            }
            if (!frontier.isEmpty() && hop == hops) {
                truncated |= hasMore(frontier, upstream);
            }
        }

        private List<String> columnHop(List<String> frontier, int hop, boolean upstream) {
            String pattern = upstream ? "(m:Column)-[f:FEEDS]->(n)" : "(n)-[f:FEEDS|FEEDS_DATASET]->(m)";
            List<Record> rows = deadline.tx().run("""
                    UNWIND $frontier AS u
                    MATCH (n:Entity {urn: u})
                    CALL (n) {
                      MATCH %s
                      WHERE (size($jobs) = 0 OR f.job IN $jobs) AND (size($types) = 0 OR f.type IN $types)
                        AND (size($subtypes) = 0 OR f.subtype IN $subtypes)
                      RETURN m.urn AS to, m:Column AS column, f.job AS job, f.type AS type, f.subtype AS subtype,
                             f.description AS description, f.masking AS masking
                      LIMIT $cap
                    }
                    RETURN n.urn AS from, to, column, job, type, subtype, description, masking
                    """.formatted(pattern), Map.of("frontier", frontier, "jobs", jobs, "types", List.copyOf(query.transformationTypes()),
                    "subtypes", List.copyOf(query.transformationSubtypes()), "cap", limits.fanOut() + 1)).list();
            List<String> next = new ArrayList<>();
            for (Record row : withinFanOut(rows)) {
                String from = row.get("from").asString();
                String to = row.get("to").asString();
                boolean column = row.get("column").asBoolean();
                Edge via = new Edge(from, row.get("job").asString(null), row.get("type").asString(null), row.get("subtype").asString(null),
                        row.get("description").asString(null), row.get("masking").isNull() ? null : row.get("masking").asBoolean());
                // A column that feeds a whole dataset (the dataset-level dependency list) reaches the dataset, which is
                // not expanded column by column: that would make every column of it downstream.
                if (reach(column ? COLUMN : DATASET, to, hop, via) && column) {
                    next.add(to);
                }
            }
            return next;
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

        private List<String> datasetHop(List<String> frontier, int hop, boolean upstream) {
            String pattern = upstream ? "(n)<-[:WRITES]-(j:Job)-[:READS]->(m:Dataset)" : "(n)<-[:READS]-(j:Job)-[:WRITES]->(m:Dataset)";
            List<Record> rows = deadline.tx().run("""
                    UNWIND $frontier AS u
                    MATCH (n:Entity {urn: u})
                    CALL (n) {
                      MATCH %s
                      WHERE size($jobs) = 0 OR j.urn IN $jobs
                      RETURN j.urn AS job, m.urn AS to
                      LIMIT $cap
                    }
                    RETURN n.urn AS from, job, to
                    """.formatted(pattern), Map.of("frontier", frontier, "jobs", jobs, "cap", limits.fanOut() + 1)).list();
            List<String> next = new ArrayList<>();
            for (Record row : withinFanOut(rows)) {
                String from = row.get("from").asString();
                String job = row.get("job").asString();
                String to = row.get("to").asString();
                reach(JOB, job, hop, new Edge(from, null, null, null, null, null));
                if (reach(DATASET, to, hop, new Edge(from, job, null, null, null, null))) {
                    next.add(to);
                }
            }
            return next;
        }

        /** Records that {@code urn} was reached at {@code hop}; true the first time (the node joins the next frontier). */
        private boolean reach(int kind, String urn, int hop, Edge via) {
            if (urn.equals(start.urn())) {
                return false;
            }
            Found existing = found.get(urn);
            if (existing != null) {
                if (existing.depth == hop && existing.via.size() < limits.fanOut() && !existing.via.contains(via)) {
                    existing.via.add(via);
                }
                return false;
            }
            if (found.size() >= maxVisited) {
                truncated = true;
                return false;
            }
            Found item = new Found(kind, urn, hop);
            item.via.add(via);
            found.put(urn, item);
            return true;
        }

        private boolean pageFullAt(int hop) {
            int count = 0;
            for (Found item : found.values()) {
                if (item.depth <= hop && (after == null || after.compareTo(item.depth, item.kind, item.urn) < 0) && ++count > query.limit()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the last frontier has edges beyond the depth asked for (checked with one bounded look). */
        private boolean hasMore(List<String> frontier, boolean upstream) {
            String pattern = start.kind() == COLUMN
                    ? (upstream ? "(:Column)-[:FEEDS]->(n)" : "(n)-[:FEEDS]->(:Column)")
                    : (upstream ? "(n)<-[:WRITES]-(:Job)" : "(n)<-[:READS]-(:Job)");
            return !deadline.tx().run("""
                    UNWIND $frontier AS u
                    MATCH (n:Entity {urn: u}) WHERE EXISTS { %s }
                    RETURN n.urn LIMIT 1
                    """.formatted(pattern), Map.of("frontier", frontier)).list().isEmpty();
        }

        /** Impact: the datasets of the columns reached, the jobs on the edges, and the owners of both. */
        void addDatasetsJobsAndOwners() {
            List<Found> columns = found.values().stream().filter(f -> f.kind == COLUMN).toList();
            Map<String, Integer> datasetDepth = new HashMap<>();
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
                if (!dataset.equals(datasetOfStart())) {
                    Found existing = found.get(dataset);
                    if (existing == null) {
                        if (found.size() < maxVisited) {
                            found.put(dataset, new Found(DATASET, dataset, depth));
                        } else {
                            truncated = true;
                        }
                    } else {
                        existing.depth = Math.min(existing.depth, depth);
                    }
                }
            });
            Map<String, Integer> jobDepth = new HashMap<>();
            for (Found item : List.copyOf(found.values())) {
                for (Edge via : item.via) {
                    if (via.job() != null) {
                        jobDepth.merge(via.job(), item.depth, Math::min);
                    }
                }
            }
            jobDepth.forEach((job, depth) -> {
                if (!found.containsKey(job) && found.size() < maxVisited) {
                    found.put(job, new Found(JOB, job, depth));
                }
            });
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
                for (JsonNode owner : parse(r.get("aspect").asString(null)).path("owners")) {
                    list.add(new LineagePage.Owner(owner.path("owner").asText(), owner.path("type").asText(null), "governance"));
                }
                for (JsonNode owner : parse(r.get("facet").asString(null)).path("owners")) {
                    list.add(new LineagePage.Owner(owner.path("name").asText(), owner.path("type").asText(null), "openlineage"));
                }
                item.owners = List.copyOf(new LinkedHashSet<>(list));
                for (LineagePage.Owner owner : item.owners) {
                    Found entry = owners.computeIfAbsent(owner.owner(), name -> new Found(OWNER, name, item.depth));
                    entry.depth = Math.min(entry.depth, item.depth);
                    entry.owns.add(item.urn);
                }
            });
            owners.forEach((name, owner) -> found.put("owner\u0000" + name, owner));
        }

        private String datasetOfStart() {
            Urn urn = Urn.parse(start.urn());
            return Urn.dataset(urn.uuid()).toString();
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
                if (page.size() == query.limit()) {
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
            Map<String, String> startId = ids(List.of(new Found(start.kind(), start.urn(), 0)));
            LineagePage.Item startItem = new LineagePage.Item(KIND_NAMES[start.kind()], startId.getOrDefault(start.urn(), start.urn()),
                    start.urn(), 0, List.of(), List.of(), List.of());
            return new LineagePage(startItem, query.direction().name(), Math.min(query.depth(), limits.maxDepth()), items, truncated, next);
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
            Urn urn;
            try {
                urn = Urn.parse(value);
            } catch (InvalidUrnException e) {
                throw new IllegalArgumentException("'" + value + "' is not a valid URN: " + e.getMessage());
            }
            int kind = urn.type() == EntityType.COLUMN ? COLUMN : urn.type() == EntityType.DATASET ? DATASET : -1;
            if (kind < 0) {
                throw new IllegalArgumentException("lineage starts at a dataset or a column, not a " + urn.type());
            }
            if (tx.run("MATCH (n:Entity {urn: $urn}) RETURN n.urn", Map.of("urn", urn.toString())).list().isEmpty()) {
                throw new LineageNotFoundException("no " + (kind == COLUMN ? "column " : "dataset ") + urn);
            }
            return new Start(kind, urn.toString());
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
