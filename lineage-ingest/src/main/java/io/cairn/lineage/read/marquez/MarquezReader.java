package io.cairn.lineage.read.marquez;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cairn.lineage.graph.LineageIds;
import io.cairn.lineage.read.BoundedReads;
import io.cairn.lineage.read.LineageNotFoundException;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Marquez's namespace, dataset, job and run reads over the lineage graph. Namespaces are not nodes of their own: they
 * are the OpenLineage namespaces of jobs and of dataset aliases ({@code openlineage:<ns>|<name>}), found by skipping
 * through the alias and job indexes one namespace at a time, so listing them costs one index seek per namespace, not a
 * scan. Every list is paged (limit, offset) and every read runs under the lineage read timeout.
 */
public final class MarquezReader {

    /** The most namespaces one listing looks at (each is one index seek per kind). */
    static final int MAX_NAMESPACES = 10_000;
    /** The most input or output datasets shown per run. */
    static final int MAX_RUN_DATASETS = 1_000;
    public static final int MAX_PAGE = 1_000;

    private static final String OPENLINEAGE_PREFIX = "openlineage:";

    private final BoundedReads reads;
    private final ObjectMapper mapper;

    public MarquezReader(BoundedReads reads, ObjectMapper mapper) {
        this.reads = reads;
        this.mapper = mapper;
    }

    // ---- namespaces ----

    public Marquez.NamespaceList namespaces(int limit, int offset) {
        checkPage(limit, offset);
        return reads.read(deadline -> {
            TreeSet<String> names = new TreeSet<>();
            names.addAll(datasetNamespaces(deadline));
            names.addAll(jobNamespaces(deadline));
            List<String> all = new ArrayList<>(names);
            List<String> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
            return new Marquez.NamespaceList(describeNamespaces(deadline.tx(), page), all.size());
        });
    }

    public Marquez.Namespace namespace(String name) {
        return reads.read(deadline -> {
            TransactionContext tx = deadline.tx();
            boolean exists = tx.run("""
                    OPTIONAL MATCH (j:Job) WHERE j.namespace = $ns AND j.name IS NOT NULL
                    WITH j LIMIT 1
                    OPTIONAL MATCH (a:DatasetAlias) WHERE a.name STARTS WITH $prefix
                    WITH j, a LIMIT 1
                    RETURN j IS NOT NULL OR a IS NOT NULL AS found
                    """, Map.of("ns", name, "prefix", aliasPrefix(name))).single().get("found").asBoolean();
            if (!exists) {
                throw new LineageNotFoundException("no namespace " + name);
            }
            return describeNamespaces(tx, List.of(name)).get(0);
        });
    }

    private List<String> datasetNamespaces(BoundedReads.Deadline deadline) {
        List<String> found = new ArrayList<>();
        String from = OPENLINEAGE_PREFIX;
        while (found.size() < MAX_NAMESPACES) {
            List<String> next = deadline.tx().run("""
                    MATCH (a:DatasetAlias) WHERE a.name >= $from AND a.name STARTS WITH $prefix
                    RETURN a.name AS name ORDER BY a.name LIMIT 1
                    """, Map.of("from", from, "prefix", OPENLINEAGE_PREFIX)).list(r -> r.get("name").asString());
            if (next.isEmpty()) {
                break;
            }
            String key = next.get(0);
            int bar = key.indexOf('|', OPENLINEAGE_PREFIX.length());
            if (bar < 0) {
                break;
            }
            String namespace = key.substring(OPENLINEAGE_PREFIX.length(), bar);
            found.add(namespace);
            // '}' follows '|': the first key past every alias of this namespace.
            from = OPENLINEAGE_PREFIX + namespace + "}";
        }
        return found;
    }

    private List<String> jobNamespaces(BoundedReads.Deadline deadline) {
        List<String> found = new ArrayList<>();
        String after = null;
        while (found.size() < MAX_NAMESPACES) {
            List<String> next = deadline.tx().run(after == null
                    ? "MATCH (j:Job) WHERE j.namespace IS NOT NULL AND j.name IS NOT NULL RETURN j.namespace AS ns ORDER BY j.namespace LIMIT 1"
                    : "MATCH (j:Job) WHERE j.namespace > $after AND j.name IS NOT NULL RETURN j.namespace AS ns ORDER BY j.namespace LIMIT 1",
                    after == null ? Map.of() : Map.of("after", after)).list(r -> r.get("ns").asString());
            if (next.isEmpty()) {
                break;
            }
            after = next.get(0);
            found.add(after);
        }
        return found;
    }

    /** One statement for the whole page: each namespace's times from (at most 10,000 of) its jobs and datasets. */
    private List<Marquez.Namespace> describeNamespaces(TransactionContext tx, List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = names.stream().<Map<String, Object>>map(n -> Map.of("ns", n, "prefix", aliasPrefix(n))).toList();
        Map<String, Marquez.Namespace> described = new HashMap<>();
        tx.run("""
                UNWIND $rows AS row
                CALL (row) {
                  MATCH (j:Job) WHERE j.namespace = row.ns AND j.name IS NOT NULL
                  WITH j LIMIT 10000
                  RETURN min(j.createdAt) AS created, max(j.updatedAt) AS updated
                }
                CALL (row) {
                  MATCH (a:DatasetAlias) WHERE a.name STARTS WITH row.prefix
                  WITH a LIMIT 10000
                  MATCH (a)-[:ALIAS_OF]->(d)
                  RETURN min(d.createdAt) AS dCreated, max(d.updatedAt) AS dUpdated
                }
                RETURN row.ns AS ns, created, updated, dCreated, dUpdated
                """, Map.of("rows", rows)).forEachRemaining(times -> {
            Long created = minOf(longOrNull(times.get("created")), longOrNull(times.get("dCreated")));
            Long updated = maxOf(longOrNull(times.get("updated")), longOrNull(times.get("dUpdated")));
            String ns = times.get("ns").asString();
            described.put(ns, new Marquez.Namespace(ns, iso(created), iso(updated == null ? created : updated), null, null, false));
        });
        return names.stream().map(n -> described.getOrDefault(n, new Marquez.Namespace(n, null, null, null, null, false))).toList();
    }

    // ---- datasets ----

    public Marquez.DatasetList datasets(String namespace, int limit, int offset) {
        checkPage(limit, offset);
        return reads.read(deadline -> {
            TransactionContext tx = deadline.tx();
            String prefix = aliasPrefix(namespace);
            int total = tx.run("MATCH (a:DatasetAlias) WHERE a.name STARTS WITH $prefix RETURN count(a) AS n",
                    Map.of("prefix", prefix)).single().get("n").asInt();
            List<String[]> page = tx.run("""
                    MATCH (a:DatasetAlias) WHERE a.name STARTS WITH $prefix
                    WITH a ORDER BY a.name SKIP $offset LIMIT $limit
                    MATCH (a)-[:ALIAS_OF]->(d:Dataset)
                    RETURN d.urn AS urn, a.name AS key
                    """, Map.of("prefix", prefix, "offset", offset, "limit", limit))
                    .list(r -> new String[] {r.get("urn").asString(), r.get("key").asString().substring(prefix.length())});
            return new Marquez.DatasetList(total, describeDatasets(deadline, namespace, page));
        });
    }

    public Marquez.Dataset dataset(String namespace, String name) {
        return reads.read(deadline -> {
            String urn = datasetUrn(deadline.tx(), namespace, name);
            List<String[]> one = new ArrayList<>();
            one.add(new String[] {urn, name});
            return describeDatasets(deadline, namespace, one).get(0);
        });
    }

    private List<Marquez.Dataset> describeDatasets(BoundedReads.Deadline deadline, String namespace, List<String[]> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<String> urns = page.stream().map(p -> p[0]).distinct().toList();
        Map<String, Record> nodes = new HashMap<>();
        deadline.tx().run("""
                UNWIND $urns AS u
                MATCH (d:Entity {urn: u})
                CALL (d) {
                  OPTIONAL MATCH (r:Run)-[:PRODUCED]->(d) WHERE r.state = 'COMPLETE'
                  RETURN max(r.endedAt) AS lastModified
                }
                RETURN d.urn AS urn, d.createdAt AS createdAt, d.updatedAt AS updatedAt, lastModified
                """, Map.of("urns", urns)).forEachRemaining(r -> nodes.put(r.get("urn").asString(), r));
        Map<String, List<Marquez.Field>> fields = new HashMap<>();
        deadline.tx().run("""
                UNWIND $urns AS u
                MATCH (d:Entity {urn: u})-[:HAS_COLUMN]->(c:Column)
                RETURN d.urn AS urn, c.fieldPath AS name, c.olType AS type, c.olDescription AS description
                ORDER BY urn, name
                """, Map.of("urns", urns)).forEachRemaining(r -> fields.computeIfAbsent(r.get("urn").asString(), k -> new ArrayList<>())
                .add(new Marquez.Field(r.get("name").asString(), r.get("type").asString(null), List.of(), r.get("description").asString(null))));
        Map<String, Map<String, JsonNode>> facets = facets(deadline.tx(), urns, false);
        List<Marquez.Dataset> result = new ArrayList<>(page.size());
        for (String[] entry : page) {
            Record node = nodes.get(entry[0]);
            if (node == null) {
                continue;
            }
            Map<String, JsonNode> datasetFacets = facets.getOrDefault(entry[0], Map.of());
            result.add(new Marquez.Dataset(new Marquez.DatasetId(namespace, entry[1]), "DB_TABLE", entry[1], entry[1],
                    iso(longOrNull(node.get("createdAt"))), iso(longOrNull(node.get("updatedAt"))), namespace, namespace,
                    fields.getOrDefault(entry[0], List.of()), List.of(), iso(longOrNull(node.get("lastModified"))),
                    text(datasetFacets.get("lifecycleStateChange"), "lifecycleStateChange"),
                    text(datasetFacets.get("documentation"), "description"), null, datasetFacets, false, entry[0]));
        }
        return result;
    }

    // ---- jobs ----

    public Marquez.JobList jobs(String namespace, int limit, int offset) {
        checkPage(limit, offset);
        return reads.read(deadline -> {
            TransactionContext tx = deadline.tx();
            int total = tx.run("MATCH (j:Job) WHERE j.namespace = $ns AND j.name IS NOT NULL RETURN count(j) AS n",
                    Map.of("ns", namespace)).single().get("n").asInt();
            List<String> urns = tx.run("""
                    MATCH (j:Job) WHERE j.namespace = $ns AND j.name IS NOT NULL
                    RETURN j.urn AS urn ORDER BY j.name SKIP $offset LIMIT $limit
                    """, Map.of("ns", namespace, "offset", offset, "limit", limit)).list(r -> r.get("urn").asString());
            return new Marquez.JobList(total, describeJobs(deadline, urns));
        });
    }

    public Marquez.Job job(String namespace, String name) {
        return reads.read(deadline -> {
            String urn = jobUrn(deadline.tx(), namespace, name);
            return describeJobs(deadline, List.of(urn)).get(0);
        });
    }

    private List<Marquez.Job> describeJobs(BoundedReads.Deadline deadline, List<String> urns) {
        if (urns.isEmpty()) {
            return List.of();
        }
        Map<String, Record> jobs = new HashMap<>();
        Map<String, String> latestRuns = new HashMap<>();
        deadline.tx().run("""
                UNWIND $urns AS u
                MATCH (j:Entity:Job {urn: u})
                CALL (j) {
                  OPTIONAL MATCH (j)-[:READS]->(i:Dataset)
                  RETURN collect(DISTINCT [i.olNamespace, i.olName])[0..1000] AS inputs
                }
                CALL (j) {
                  OPTIONAL MATCH (j)-[:WRITES]->(o:Dataset)
                  RETURN collect(DISTINCT [o.olNamespace, o.olName])[0..1000] AS outputs
                }
                CALL (j) {
                  OPTIONAL MATCH (j)-[:PARENT_JOB]->(p:Job)
                  RETURN p.name AS parent LIMIT 1
                }
                CALL (j) {
                  OPTIONAL MATCH (r:Run)-[:RUN_OF]->(j)
                  RETURN r.urn AS latestRun ORDER BY coalesce(r.stateAt, r.createdAt) DESC LIMIT 1
                }
                RETURN j.urn AS urn, j.namespace AS namespace, j.name AS name, j.createdAt AS createdAt, j.updatedAt AS updatedAt,
                       j.currentVersion AS version, inputs, outputs, parent, latestRun
                """, Map.of("urns", urns)).forEachRemaining(r -> {
            jobs.put(r.get("urn").asString(), r);
            if (!r.get("latestRun").isNull()) {
                latestRuns.put(r.get("urn").asString(), r.get("latestRun").asString());
            }
        });
        Map<String, Marquez.Run> runs = new HashMap<>();
        describeRuns(deadline, List.copyOf(latestRuns.values())).forEach(run -> runs.put(Urn.run(UUID.fromString(run.id())).toString(), run));
        Map<String, Map<String, JsonNode>> facets = facets(deadline.tx(), urns, false);
        List<Marquez.Job> result = new ArrayList<>(urns.size());
        for (String urn : urns) {
            Record r = jobs.get(urn);
            if (r == null) {
                continue;
            }
            Map<String, JsonNode> jobFacets = facets.getOrDefault(urn, Map.of());
            String namespace = r.get("namespace").asString();
            String name = r.get("name").asString();
            String parent = r.get("parent").asString(null);
            String simpleName = parent != null && name.startsWith(parent + ".") ? name.substring(parent.length() + 1) : name;
            JsonNode jobType = jobFacets.get("jobType");
            String type = jobType != null && "STREAMING".equalsIgnoreCase(jobType.path("processingType").asText()) ? "STREAM" : "BATCH";
            result.add(new Marquez.Job(new Marquez.JobId(namespace, name), type, name, simpleName, parent,
                    iso(longOrNull(r.get("createdAt"))), iso(longOrNull(r.get("updatedAt"))), namespace,
                    datasetIds(r.get("inputs")), datasetIds(r.get("outputs")),
                    text(jobFacets.get("sourceCodeLocation"), "url"), text(jobFacets.get("documentation"), "description"),
                    runs.get(latestRuns.get(urn)), jobFacets, version(r.get("version").asString(null)), List.of(), List.of(), urn));
        }
        return result;
    }

    // ---- runs ----

    public Marquez.RunList runs(String namespace, String job, int limit, int offset) {
        checkPage(limit, offset);
        return reads.read(deadline -> {
            String urn = jobUrn(deadline.tx(), namespace, job);
            Record page = deadline.tx().run("""
                    MATCH (j:Entity:Job {urn: $urn})
                    CALL (j) {
                      MATCH (r:Run)-[:RUN_OF]->(j)
                      WITH r ORDER BY coalesce(r.startedAt, r.stateAt, r.createdAt) DESC, r.urn SKIP $offset LIMIT $limit
                      RETURN collect(r.urn) AS runs
                    }
                    RETURN runs, count { (:Run)-[:RUN_OF]->(j) } AS total
                    """, Map.of("urn", urn, "offset", offset, "limit", limit)).single();
            return new Marquez.RunList(page.get("total").asInt(), describeRuns(deadline, page.get("runs").asList(Value::asString)));
        });
    }

    public Marquez.Run run(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run id '" + runId + "' is not a UUID");
        }
        return reads.read(deadline -> {
            List<Marquez.Run> runs = describeRuns(deadline, List.of(Urn.run(id).toString()));
            if (runs.isEmpty()) {
                throw new LineageNotFoundException("no run " + runId);
            }
            return runs.get(0);
        });
    }

    private List<Marquez.Run> describeRuns(BoundedReads.Deadline deadline, List<String> urns) {
        if (urns.isEmpty()) {
            return List.of();
        }
        Map<String, Record> runs = new LinkedHashMap<>();
        deadline.tx().run("""
                UNWIND $urns AS u
                MATCH (r:Entity:Run {urn: u})
                OPTIONAL MATCH (r)-[:RUN_OF]->(j:Job)
                CALL (r) {
                  OPTIONAL MATCH (r)-[:RAN_VERSION]->(v:JobVersion)
                  RETURN v.version AS version LIMIT 1
                }
                CALL (r) {
                  OPTIONAL MATCH (r)-[:CONSUMED]->(i:Dataset)
                  RETURN collect([i.olNamespace, i.olName])[0..$max] AS inputs
                }
                CALL (r) {
                  OPTIONAL MATCH (r)-[:PRODUCED]->(o:Dataset)
                  RETURN collect([o.olNamespace, o.olName])[0..$max] AS outputs
                }
                RETURN r.urn AS urn, r.runId AS runId, r.createdAt AS createdAt, r.updatedAt AS updatedAt, r.state AS state,
                       r.startedAt AS startedAt, r.endedAt AS endedAt, j.namespace AS jobNamespace, j.name AS jobName,
                       version, inputs, outputs
                """, Map.of("urns", urns, "max", MAX_RUN_DATASETS)).forEachRemaining(r -> runs.put(r.get("urn").asString(), r));
        Map<String, Map<String, JsonNode>> facets = facets(deadline.tx(), List.copyOf(runs.keySet()), false);
        List<Marquez.Run> result = new ArrayList<>(runs.size());
        for (String urn : urns) {
            Record r = runs.get(urn);
            if (r == null) {
                continue;
            }
            Map<String, JsonNode> runFacets = facets.getOrDefault(urn, Map.of());
            Long started = longOrNull(r.get("startedAt"));
            Long ended = longOrNull(r.get("endedAt"));
            Long updated = longOrNull(r.get("updatedAt"));
            Marquez.JobVersionId jobVersion = r.get("jobName").isNull() ? null
                    : new Marquez.JobVersionId(r.get("jobNamespace").asString(), r.get("jobName").asString(), version(r.get("version").asString(null)));
            result.add(new Marquez.Run(r.get("runId").asString(), iso(longOrNull(r.get("createdAt"))),
                    iso(updated == null ? longOrNull(r.get("createdAt")) : updated),
                    text(runFacets.get("nominalTime"), "nominalStartTime"), text(runFacets.get("nominalTime"), "nominalEndTime"),
                    state(r.get("state").asString(null)), iso(started), iso(ended),
                    started != null && ended != null ? Long.valueOf(ended - started) : null, Map.of(), jobVersion,
                    datasetVersions(r.get("inputs")), datasetVersions(r.get("outputs")), Map.of(), runFacets));
        }
        return result;
    }

    /** Marquez's run states from OpenLineage event types. */
    static String state(String eventType) {
        if (eventType == null) {
            return "NEW";
        }
        return switch (eventType) {
            case "START", "RUNNING" -> "RUNNING";
            case "COMPLETE" -> "COMPLETED";
            case "FAIL" -> "FAILED";
            case "ABORT" -> "ABORTED";
            default -> "NEW";
        };
    }

    // ---- shared ----

    /** The facets kept on each node ({@code io:} facets, which describe a run's view of a dataset, are left out). */
    private Map<String, Map<String, JsonNode>> facets(TransactionContext tx, List<String> owners, boolean withIo) {
        Map<String, Map<String, JsonNode>> facets = new HashMap<>();
        if (owners.isEmpty()) {
            return facets;
        }
        tx.run("""
                UNWIND $owners AS owner
                MATCH (:Entity {urn: owner})<-[:FACET_OF]-(f:Facet)
                RETURN owner, f.key AS key, f.json AS json
                LIMIT 100000
                """, Map.of("owners", owners)).forEachRemaining(r -> {
            String key = r.get("key").asString();
            if (!withIo && key.startsWith("io:")) {
                return;
            }
            facets.computeIfAbsent(r.get("owner").asString(), k -> new TreeMap<>()).put(key, json(r.get("json").asString(null)));
        });
        return facets;
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static String text(JsonNode facet, String field) {
        if (facet == null || !facet.hasNonNull(field)) {
            return null;
        }
        JsonNode value = facet.get(field);
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static List<Marquez.DatasetId> datasetIds(Value pairs) {
        List<Marquez.DatasetId> ids = new ArrayList<>();
        for (Value pair : pairs.values()) {
            if (!pair.get(0).isNull() && !pair.get(1).isNull()) {
                ids.add(new Marquez.DatasetId(pair.get(0).asString(), pair.get(1).asString()));
            }
        }
        ids.sort((a, b) -> (a.namespace() + "\u0000" + a.name()).compareTo(b.namespace() + "\u0000" + b.name()));
        return ids;
    }

    private static List<Marquez.DatasetVersion> datasetVersions(Value pairs) {
        return datasetIds(pairs).stream()
                .map(id -> new Marquez.DatasetVersion(new Marquez.DatasetVersionId(id.namespace(), id.name(), null), Map.of()))
                .toList();
    }

    /** Job versions are 32 hex digits of a content hash; Marquez clients expect a UUID, which is the same digits. */
    static String version(String hash) {
        if (hash == null || hash.length() != 32) {
            return hash;
        }
        return hash.substring(0, 8) + "-" + hash.substring(8, 12) + "-" + hash.substring(12, 16) + "-" + hash.substring(16, 20)
                + "-" + hash.substring(20);
    }

    private static String datasetUrn(TransactionContext tx, String namespace, String name) {
        List<String> keys = DatasetName.fromOpenLineage(namespace, name).stream().map(DatasetName::key).toList();
        return tx.run("""
                UNWIND $keys AS key
                MATCH (:DatasetAlias {name: key})-[:ALIAS_OF]->(d:Dataset)
                RETURN d.urn AS urn LIMIT 1
                """, Map.of("keys", keys)).list(r -> r.get("urn").asString()).stream().findFirst()
                .orElseThrow(() -> new LineageNotFoundException("no dataset " + name + " in namespace " + namespace));
    }

    private static String jobUrn(TransactionContext tx, String namespace, String name) {
        String urn = LineageIds.job(namespace, name).toString();
        if (tx.run("MATCH (j:Entity:Job {urn: $urn}) RETURN j.urn", Map.of("urn", urn)).list().isEmpty()) {
            throw new LineageNotFoundException("no job " + name + " in namespace " + namespace);
        }
        return urn;
    }

    private static String aliasPrefix(String namespace) {
        return DatasetName.openLineage(namespace, "x").key().replaceFirst("x$", "");
    }

    static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more");
        }
    }

    private static Long longOrNull(Value value) {
        return value == null || value.isNull() ? null : value.asLong();
    }

    private static Long minOf(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    private static Long maxOf(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    private static String iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
