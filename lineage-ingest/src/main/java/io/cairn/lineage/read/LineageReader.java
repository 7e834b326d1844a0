package io.cairn.lineage.read;

import io.cairn.lineage.graph.LineageIds;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

/**
 * Marquez-compatible lineage reads, bounded: breadth-first, one query per hop over the current frontier, every node
 * visited once, at most {@code fanOut} neighbours per node per hop, at most {@code maxNodes} nodes in an answer, and
 * the whole read inside one transaction whose timeout Neo4j enforces. Never a variable-length pattern, never
 * shortestPath: the cost is bounded by what the answer may hold, not by the size of the graph.
 */
public final class LineageReader {

    private final ReadLimits limits;
    private final BoundedReads reads;

    public LineageReader(GraphStore store, ReadLimits limits) {
        this.limits = limits;
        this.reads = new BoundedReads(store, limits.timeout());
    }

    public ReadLimits limits() {
        return limits;
    }

    /** Jobs and datasets around a dataset or job ({@code GET /api/v1/lineage}). */
    public LineageGraph lineage(NodeId start, int depth) {
        int hops = checkDepth(depth);
        return inTransaction(tx -> {
            String startUrn = switch (start.kind()) {
                case DATASET -> datasetUrn(tx, start.namespace(), start.name());
                case JOB -> jobUrn(tx, start.namespace(), start.name());
                case DATASET_FIELD -> throw new IllegalArgumentException("use /api/v1/column-lineage for datasetField nodes");
            };
            Map<String, NodeInfo> nodes = new LinkedHashMap<>();
            Set<LineageGraph.Edge> edges = new LinkedHashSet<>();
            boolean truncated = false;
            List<String> frontier = List.of(startUrn);
            nodes.put(startUrn, null);
            for (int hop = 0; hop < hops && !frontier.isEmpty(); hop++) {
                List<String> next = new ArrayList<>();
                List<Record> rows = tx.run("""
                        UNWIND $frontier AS u
                        MATCH (n:Entity {urn: u})
                        CALL (n) {
                          MATCH (n)-[r:READS|WRITES]-(m)
                          RETURN m, type(r) AS rel, startNode(r) = n AS outgoing
                          LIMIT $fanOut
                        }
                        RETURN n.urn AS from, m.urn AS to, rel, outgoing, count { (n)-[:READS|WRITES]-() } > $fanOut AS capped
                        """, Map.of("frontier", frontier, "fanOut", limits.fanOut())).list();
                for (Record row : rows) {
                    truncated |= row.get("capped").asBoolean();
                    String from = row.get("from").asString();
                    String to = row.get("to").asString();
                    // The job is always the start of READS/WRITES; READS means the dataset flows into the job.
                    String job = row.get("outgoing").asBoolean() ? from : to;
                    String dataset = row.get("outgoing").asBoolean() ? to : from;
                    boolean reads = row.get("rel").asString().equals("READS");
                    if (!nodes.containsKey(to)) {
                        if (nodes.size() >= limits.maxNodes()) {
                            truncated = true;
                            continue;
                        }
                        nodes.put(to, null);
                        next.add(to);
                    }
                    edges.add(reads ? new LineageGraph.Edge(dataset, job) : new LineageGraph.Edge(job, dataset));
                }
                frontier = next;
            }
            if (!frontier.isEmpty() && hops == limits.maxDepth()) {
                truncated = true;
            }
            describe(tx, nodes);
            return new LineageGraph(render(nodes, edges), truncated);
        });
    }

    /** Columns upstream (and optionally downstream) of a column or of every column of a dataset. */
    public LineageGraph columnLineage(NodeId start, int depth, boolean withDownstream) {
        int hops = checkDepth(depth);
        return inTransaction(tx -> {
            List<String> starts = switch (start.kind()) {
                case DATASET_FIELD -> {
                    String dataset = datasetUrn(tx, start.namespace(), start.name());
                    String column = Urn.column(Urn.parse(dataset).uuid(), start.field()).toString();
                    if (tx.run("MATCH (c:Entity:Column {urn: $urn}) RETURN c", Map.of("urn", column)).list().isEmpty()) {
                        throw new LineageNotFoundException("no field '" + start.field() + "' in dataset " + start.namespace() + ":" + start.name());
                    }
                    yield List.of(column);
                }
                case DATASET -> tx.run("MATCH (:Entity {urn: $urn})-[:HAS_COLUMN]->(c:Column) RETURN c.urn AS urn LIMIT $max",
                        Map.of("urn", datasetUrn(tx, start.namespace(), start.name()), "max", limits.maxNodes()))
                        .list(r -> r.get("urn").asString());
                case JOB -> throw new IllegalArgumentException("column lineage starts at a dataset or a datasetField");
            };
            Map<String, List<Map<String, Object>>> inputs = new LinkedHashMap<>();
            Set<String> visited = new LinkedHashSet<>(starts);
            Set<LineageGraph.Edge> edges = new LinkedHashSet<>();
            boolean[] truncated = {false};
            expand(tx, starts, hops, true, visited, edges, inputs, truncated);
            if (withDownstream) {
                expand(tx, starts, hops, false, visited, edges, inputs, truncated);
            }
            return new LineageGraph(renderColumns(tx, visited, edges, inputs), truncated[0]);
        });
    }

    private void expand(TransactionContext tx, List<String> starts, int hops, boolean upstream, Set<String> visited,
                        Set<LineageGraph.Edge> edges, Map<String, List<Map<String, Object>>> inputs, boolean[] truncated) {
        List<String> frontier = starts;
        Set<String> seen = new LinkedHashSet<>(starts);
        String pattern = upstream ? "(m:Column)-[f:FEEDS]->(n)" : "(n)-[f:FEEDS]->(m:Column)";
        String degree = upstream ? "count { (:Column)-[:FEEDS]->(n) }" : "count { (n)-[:FEEDS]->(:Column) }";
        for (int hop = 0; hop < hops && !frontier.isEmpty(); hop++) {
            List<String> next = new ArrayList<>();
            // The pattern is one of two constants; there is no variable-length match.
            List<Record> rows = tx.run("""
                    UNWIND $frontier AS u
                    MATCH (n:Entity {urn: u})
                    CALL (n) {
                      MATCH %s
                      RETURN m, f
                      LIMIT $fanOut
                    }
                    RETURN n.urn AS from, m.urn AS to, f.type AS type, f.subtype AS subtype, f.description AS description,
                           f.masking AS masking, %s > $fanOut AS capped
                    """.formatted(pattern, degree), Map.of("frontier", frontier, "fanOut", limits.fanOut())).list();
            for (Record row : rows) {
                truncated[0] |= row.get("capped").asBoolean();
                String from = row.get("from").asString();
                String to = row.get("to").asString();
                String source = upstream ? to : from;
                String target = upstream ? from : to;
                if (!visited.contains(to)) {
                    if (visited.size() >= limits.maxNodes()) {
                        truncated[0] = true;
                        continue;
                    }
                    visited.add(to);
                }
                if (seen.add(to)) {
                    next.add(to);
                }
                // Several FEEDS edges between one pair (one per job and transformation) are one graph edge whose
                // transformations are listed on the input field.
                edges.add(new LineageGraph.Edge(source, target));
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("source", source);
                input.put("type", row.get("type").asString(null));
                input.put("subtype", row.get("subtype").asString(null));
                input.put("description", row.get("description").asString(null));
                input.put("masking", row.get("masking").asBoolean(false));
                inputs.computeIfAbsent(target, k -> new ArrayList<>()).add(input);
            }
            frontier = next;
        }
        if (!frontier.isEmpty() && hops == limits.maxDepth()) {
            truncated[0] = true;
        }
    }

    private List<LineageGraph.Node> renderColumns(TransactionContext tx, Set<String> columns, Set<LineageGraph.Edge> edges,
                                                  Map<String, List<Map<String, Object>>> inputs) {
        Map<String, Map<String, Object>> info = new LinkedHashMap<>();
        tx.run("""
                UNWIND $urns AS u
                MATCH (d:Dataset)-[:HAS_COLUMN]->(c:Entity {urn: u})
                RETURN c.urn AS urn, d.olNamespace AS ns, d.olName AS name, c.fieldPath AS field, c.olType AS type
                """, Map.of("urns", List.copyOf(columns))).forEachRemaining(r -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("namespace", r.get("ns").asString(""));
            data.put("dataset", r.get("name").asString(""));
            data.put("datasetVersion", null);
            data.put("field", r.get("field").asString());
            data.put("fieldType", r.get("type").asString(null));
            info.put(r.get("urn").asString(), data);
        });
        Map<String, String> ids = new LinkedHashMap<>();
        info.forEach((urn, data) -> ids.put(urn, NodeId.field((String) data.get("namespace"), (String) data.get("dataset"), (String) data.get("field"))));
        List<LineageGraph.Node> nodes = new ArrayList<>();
        for (String urn : columns) {
            Map<String, Object> data = info.get(urn);
            if (data == null) {
                continue;
            }
            Map<String, Map<String, Object>> bySource = new LinkedHashMap<>();
            for (Map<String, Object> input : inputs.getOrDefault(urn, List.of())) {
                Map<String, Object> source = info.get((String) input.get("source"));
                if (source == null) {
                    continue;
                }
                Map<String, Object> field = bySource.computeIfAbsent((String) input.get("source"), k -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("namespace", source.get("namespace"));
                    f.put("dataset", source.get("dataset"));
                    f.put("datasetVersion", null);
                    f.put("field", source.get("field"));
                    f.put("transformationDescription", input.get("description"));
                    f.put("transformationType", input.get("subtype"));
                    f.put("transformations", new ArrayList<Map<String, Object>>());
                    return f;
                });
                Map<String, Object> transformation = new LinkedHashMap<>();
                transformation.put("type", input.get("type"));
                transformation.put("subtype", input.get("subtype"));
                transformation.put("description", input.get("description"));
                transformation.put("masking", input.get("masking"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> list = (List<Map<String, Object>>) field.get("transformations");
                list.add(transformation);
            }
            Map<String, Object> nodeData = new LinkedHashMap<>(data);
            nodeData.put("transformationDescription", null);
            nodeData.put("transformationType", null);
            nodeData.put("inputFields", List.copyOf(bySource.values()));
            nodes.add(new LineageGraph.Node(ids.get(urn), "DATASET_FIELD", nodeData,
                    edgesOf(edges, ids, urn, false), edgesOf(edges, ids, urn, true)));
        }
        return nodes;
    }

    private static List<LineageGraph.Edge> edgesOf(Set<LineageGraph.Edge> edges, Map<String, String> ids, String urn, boolean out) {
        List<LineageGraph.Edge> result = new ArrayList<>();
        for (LineageGraph.Edge edge : edges) {
            if ((out ? edge.origin() : edge.destination()).equals(urn) && ids.containsKey(edge.origin()) && ids.containsKey(edge.destination())) {
                result.add(new LineageGraph.Edge(ids.get(edge.origin()), ids.get(edge.destination())));
            }
        }
        return result;
    }

    private record NodeInfo(String id, String type, Map<String, Object> data) {
    }

    private void describe(TransactionContext tx, Map<String, NodeInfo> nodes) {
        Map<String, List<Map<String, Object>>> fields = new LinkedHashMap<>();
        tx.run("""
                UNWIND $urns AS u
                MATCH (d:Entity:Dataset {urn: u})-[:HAS_COLUMN]->(c:Column)
                RETURN d.urn AS urn, c.fieldPath AS name, c.olType AS type, c.olDescription AS description
                ORDER BY name
                """, Map.of("urns", List.copyOf(nodes.keySet()))).forEachRemaining(r -> {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", r.get("name").asString());
            field.put("type", r.get("type").asString(null));
            field.put("tags", List.of());
            field.put("description", r.get("description").asString(null));
            fields.computeIfAbsent(r.get("urn").asString(), k -> new ArrayList<>()).add(field);
        });
        tx.run("""
                UNWIND $urns AS u
                MATCH (n:Entity {urn: u})
                RETURN n.urn AS urn, n:Job AS job, coalesce(n.olNamespace, n.namespace) AS ns, coalesce(n.olName, n.name) AS name,
                       n.createdAt AS createdAt, n.updatedAt AS updatedAt
                """, Map.of("urns", List.copyOf(nodes.keySet()))).forEachRemaining(r -> {
            String urn = r.get("urn").asString();
            boolean job = r.get("job").asBoolean();
            String ns = r.get("ns").asString("");
            String name = r.get("name").asString("");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", Map.of("namespace", ns, "name", name));
            data.put("type", job ? "BATCH" : "DB_TABLE");
            data.put("name", name);
            data.put("namespace", ns);
            data.put("urn", urn);
            // ISO-8601, as Marquez answers.
            data.put("createdAt", r.get("createdAt").isNull() ? null : java.time.Instant.ofEpochMilli(r.get("createdAt").asLong()).toString());
            data.put("updatedAt", r.get("updatedAt").isNull() ? null : java.time.Instant.ofEpochMilli(r.get("updatedAt").asLong()).toString());
            if (!job) {
                data.put("physicalName", name);
                data.put("fields", fields.getOrDefault(urn, List.of()));
                data.put("tags", List.of());
            }
            nodes.put(urn, new NodeInfo(job ? NodeId.job(ns, name) : NodeId.dataset(ns, name), job ? "JOB" : "DATASET", data));
        });
    }

    private static List<LineageGraph.Node> render(Map<String, NodeInfo> nodes, Set<LineageGraph.Edge> edges) {
        Map<String, String> ids = new LinkedHashMap<>();
        nodes.forEach((urn, info) -> {
            if (info != null) {
                ids.put(urn, info.id());
            }
        });
        List<LineageGraph.Node> result = new ArrayList<>();
        nodes.forEach((urn, info) -> {
            if (info != null) {
                result.add(new LineageGraph.Node(info.id(), info.type(), info.data(),
                        edgesOf(edges, ids, urn, false), edgesOf(edges, ids, urn, true)));
            }
        });
        return result;
    }

    private String datasetUrn(TransactionContext tx, String namespace, String name) {
        List<String> keys = DatasetName.fromOpenLineage(namespace, name).stream().map(DatasetName::key).toList();
        return tx.run("""
                UNWIND $keys AS key
                MATCH (:DatasetAlias {name: key})-[:ALIAS_OF]->(d:Dataset)
                RETURN d.urn AS urn LIMIT 1
                """, Map.of("keys", keys)).list(r -> r.get("urn").asString()).stream().findFirst()
                .orElseThrow(() -> new LineageNotFoundException("no dataset " + namespace + ":" + name));
    }

    private static String jobUrn(TransactionContext tx, String namespace, String name) {
        String urn = LineageIds.job(namespace, name).toString();
        if (tx.run("MATCH (j:Entity:Job {urn: $urn}) RETURN j", Map.of("urn", urn)).list().isEmpty()) {
            throw new LineageNotFoundException("no job " + namespace + ":" + name);
        }
        return urn;
    }

    private int checkDepth(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more");
        }
        return Math.min(depth, limits.maxDepth());
    }

    /** Every statement of the read checks the deadline, so many short hops cannot add up past the limit. */
    private <T> T inTransaction(java.util.function.Function<TransactionContext, T> work) {
        return reads.read(deadline -> work.apply(deadline.tx()));
    }
}
