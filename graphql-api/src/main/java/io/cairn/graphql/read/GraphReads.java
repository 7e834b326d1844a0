package io.cairn.graphql.read;

import io.cairn.graphql.model.Node;
import io.cairn.graphql.model.Views;
import io.cairn.graphql.port.LineageSource.ColumnLink;
import io.cairn.graphql.port.LineageSource.TransformationInfo;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.dataset.ColumnEdgeRuns;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * The API's Neo4j reads. The batch methods take every key a DataLoader collected and answer them with one statement
 * each (per relation kind, per direction), so the number of statements a request costs depends on the shape of the
 * query, not on how many entities it returns. Every statement is counted in {@link RoundTrips}.
 */
public final class GraphReads {

    private final GraphStore store;
    private final RoundTrips roundTrips;

    public GraphReads(GraphStore store, RoundTrips roundTrips) {
        this.store = store;
        this.roundTrips = roundTrips;
    }

    public RoundTrips roundTrips() {
        return roundTrips;
    }

    // ---- batches (DataLoaders)

    public Map<String, Node> entities(Collection<String> urns) {
        Map<String, Node> nodes = new HashMap<>();
        List<Record> rows = read(tx -> run(tx, """
                UNWIND $urns AS u
                MATCH (e:Entity {urn: u})
                RETURN u, properties(e) AS props
                """, Map.of("urns", List.copyOf(urns))).list());
        for (Record row : rows) {
            Urn urn = Urn.parse(row.get("u").asString());
            nodes.put(urn.toString(), Nodes.of(urn, row.get("props").asMap()));
        }
        return nodes;
    }

    public Map<AspectKey, AspectVersion> aspects(Collection<AspectKey> keys) {
        List<Map<String, Object>> rows = keys.stream().map(k -> Map.<String, Object>of("urn", k.urn(), "name", k.aspect())).toList();
        Map<AspectKey, AspectVersion> found = new HashMap<>();
        read(tx -> run(tx, """
                UNWIND $keys AS k
                MATCH (a:Aspect {urn: k.urn, name: k.name, latest: true})
                RETURN a
                """, Map.of("keys", rows)).list()).forEach(row -> {
            AspectVersion version = toVersion(row.get("a"));
            found.put(new AspectKey(version.urn().toString(), version.aspect()), version);
        });
        return found;
    }

    /** The properties of each relation's target nodes (entities, or alias nodes for {@link Relation#ALIASES}). */
    public Map<RelationKey, List<Map<String, Object>>> relations(Collection<RelationKey> keys) {
        Map<Relation, List<String>> byRelation = keys.stream().collect(Collectors.groupingBy(RelationKey::relation, LinkedHashMap::new,
                Collectors.mapping(RelationKey::urn, Collectors.toList())));
        Map<RelationKey, List<Map<String, Object>>> targets = new HashMap<>();
        read(tx -> {
            byRelation.forEach((relation, urns) -> run(tx, """
                    UNWIND $urns AS u
                    MATCH (n:Entity {urn: u})
                    CALL (n) {
                      %s
                      LIMIT $cap
                    }
                    RETURN u, collect(properties(t)) AS targets
                    """.formatted(relation.fragment()), Map.of("urns", urns, "cap", Relation.CAP)).forEachRemaining(row ->
                    targets.put(new RelationKey(row.get("u").asString(), relation), row.get("targets").asList(Value::asMap))));
            return null;
        });
        return targets;
    }

    public Map<ColumnEdgeKey, List<ColumnLink>> columnEdges(Collection<ColumnEdgeKey> keys) {
        Map<Boolean, List<String>> byDirection = keys.stream().collect(Collectors.groupingBy(ColumnEdgeKey::upstream,
                Collectors.mapping(ColumnEdgeKey::columnUrn, Collectors.toList())));
        Map<ColumnEdgeKey, List<ColumnLink>> edges = new HashMap<>();
        read(tx -> {
            byDirection.forEach((upstream, urns) -> {
                String pattern = upstream ? "(m:Column)-[f:FEEDS]->(n)" : "(n)-[f:FEEDS]->(m:Column)";
                String lastRun = upstream ? ColumnEdgeRuns.feeds("f", "n") : ColumnEdgeRuns.feeds("f", "m");
                List<Record> rows = run(tx, """
                        UNWIND $urns AS u
                        MATCH (n:Entity {urn: u})
                        CALL (n) {
                          MATCH %s
                          RETURN m, f ORDER BY m.urn, f.key
                          LIMIT $cap
                        }
                        RETURN u, m.urn AS other, f.job AS job, f.type AS type, f.subtype AS subtype, f.description AS description,
                               f.masking AS masking, %s AS lastRun
                        """.formatted(pattern, lastRun), Map.of("urns", urns, "cap", Relation.CAP)).list();
                Map<String, Map<List<String>, List<Record>>> grouped = new LinkedHashMap<>();
                for (Record row : rows) {
                    String self = row.get("u").asString();
                    String other = row.get("other").asString();
                    List<String> pair = upstream ? List.of(other, self, row.get("job").asString("")) : List.of(self, other, row.get("job").asString(""));
                    grouped.computeIfAbsent(self, k -> new LinkedHashMap<>()).computeIfAbsent(pair, k -> new ArrayList<>()).add(row);
                }
                grouped.forEach((self, pairs) -> {
                    List<ColumnLink> links = new ArrayList<>();
                    pairs.forEach((pair, group) -> links.add(link(pair, group)));
                    edges.put(new ColumnEdgeKey(self, upstream), links);
                });
            });
            return null;
        });
        return edges;
    }

    /** One column link from the FEEDS edges of one (from, to, job): each is one transformation. */
    static ColumnLink link(List<String> pair, List<Record> group) {
        List<TransformationInfo> transformations = group.stream().map(row -> new TransformationInfo(row.get("type").asString(null),
                row.get("subtype").asString(null), row.get("description").asString(null), row.get("masking").asBoolean(false))).toList();
        String lastRun = group.stream().map(row -> row.get("lastRun").asString("")).filter(s -> !s.isEmpty()).max(String::compareTo).orElse(null);
        return new ColumnLink(pair.get(0), pair.get(1), pair.get(2).isEmpty() ? null : pair.get(2), transformations, lastRun);
    }

    public Map<String, List<Views.Facet>> facets(Collection<String> urns) {
        Map<String, List<Views.Facet>> facets = new HashMap<>();
        read(tx -> run(tx, """
                UNWIND $urns AS u
                MATCH (f:Facet)-[:FACET_OF]->(:Entity {urn: u})
                RETURN u, f.key AS key, f.json AS json, f.at AS at
                ORDER BY key
                """, Map.of("urns", List.copyOf(urns))).list()).forEach(row -> facets.computeIfAbsent(row.get("u").asString(), k -> new ArrayList<>())
                .add(new Views.Facet(row.get("key").asString(), row.get("json").asString(), Nodes.time(row.get("at").asObject()))));
        return facets;
    }

    /** The newest completed run that produced each dataset, and its current snapshot's commit time. */
    public Map<String, Views.Freshness> freshness(Collection<String> urns, Function<String, Long> snapshotMillis) {
        Map<String, Views.Freshness> answer = new HashMap<>();
        read(tx -> run(tx, """
                UNWIND $urns AS u
                MATCH (d:Entity {urn: u})
                OPTIONAL MATCH (s:Aspect {urn: u, name: 'currentSnapshot', latest: true})
                OPTIONAL CALL (d) {
                  MATCH (r:Run)-[:PRODUCED]->(d) WHERE r.state = 'COMPLETE' AND r.endedAt IS NOT NULL
                  RETURN r ORDER BY r.endedAt DESC LIMIT 1
                }
                RETURN u, s.value AS snapshot, r.urn AS run, r.endedAt AS endedAt
                """, Map.of("urns", List.copyOf(urns))).list()).forEach(row -> {
            Long snapshot = row.get("snapshot").isNull() ? null : snapshotMillis.apply(row.get("snapshot").asString());
            Long ended = row.get("endedAt").isNull() ? null : row.get("endedAt").asLong();
            String run = row.get("run").asString(null);
            Views.Freshness freshness;
            if (ended != null && (snapshot == null || ended >= snapshot)) {
                freshness = new Views.Freshness(Instant.ofEpochMilli(ended).toString(), run);
            } else if (snapshot != null) {
                freshness = new Views.Freshness(Instant.ofEpochMilli(snapshot).toString(), null);
            } else {
                freshness = new Views.Freshness(null, null);
            }
            answer.put(row.get("u").asString(), freshness);
        });
        return answer;
    }

    /** The API record of an entity node's properties. */
    public static Node node(Map<String, Object> props) {
        return Nodes.of(Urn.parse((String) props.get("urn")), props);
    }

    // ---- single reads (entry points and paged fields)

    /** Versions of one aspect, newest first, below {@code beforeVersion} when given. */
    public List<AspectVersion> history(String urn, String aspect, int limit, Long beforeVersion) {
        return read(tx -> run(tx, """
                MATCH (a:Aspect {urn: $urn, name: $name}) WHERE a.version < $before
                RETURN a ORDER BY a.version DESC LIMIT $limit
                """, Map.of("urn", urn, "name", aspect, "before", beforeVersion == null ? Long.MAX_VALUE : beforeVersion, "limit", limit))
                .list(row -> toVersion(row.get("a"))));
    }

    /** A run row for paging: its URN and the sort key (start, else creation time). */
    public record RunPosition(String urn, long sortKey) {
    }

    /** Runs that read or wrote a dataset ({@code ofJob} false) or runs of a job, newest first, after a position. */
    public List<RunPosition> runs(String urn, boolean ofJob, int limit, RunPosition after) {
        String pattern = ofJob ? "(r:Run)-[:RUN_OF]->(:Entity {urn: $urn})" : "(r:Run)-[:CONSUMED|PRODUCED]->(:Entity {urn: $urn})";
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", urn);
        parameters.put("limit", limit);
        parameters.put("afterKey", after == null ? null : after.sortKey());
        parameters.put("afterUrn", after == null ? null : after.urn());
        return read(tx -> run(tx, """
                MATCH %s
                WITH DISTINCT r, coalesce(r.startedAt, r.createdAt, 0) AS k
                WHERE $afterKey IS NULL OR k < $afterKey OR (k = $afterKey AND r.urn < $afterUrn)
                RETURN r.urn AS urn, k ORDER BY k DESC, urn DESC LIMIT $limit
                """.formatted(pattern), parameters).list(row -> new RunPosition(row.get("urn").asString(), row.get("k").asLong())));
    }

    /** Tables and views of a catalog namespace by name, after {@code afterName}: pairs of name and dataset URN. */
    public List<List<String>> namespaceDatasets(String warehouse, String namespaceKey, int limit, String afterName) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("namespace", namespaceKey);
        parameters.put("after", afterName);
        parameters.put("limit", limit);
        return read(tx -> run(tx, """
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace})
                WHERE $after IS NULL OR e.name > $after
                RETURN e.name AS name, e.dataset AS dataset ORDER BY name LIMIT $limit
                """, parameters).list(row -> List.of(row.get("name").asString(), row.get("dataset").asString())));
    }

    /** URNs of every entity with a label (GlossaryTerm, Domain), in URN order, after {@code afterUrn}. */
    public List<String> byLabel(String label, int limit, String afterUrn) {
        if (!label.matches("[A-Z][A-Za-z]*")) {
            throw new IllegalArgumentException("label " + label);
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("after", afterUrn);
        parameters.put("limit", limit);
        // The label is one of the API's constants (checked above), never input.
        return read(tx -> run(tx, "MATCH (e:" + label + ") WHERE $after IS NULL OR e.urn > $after RETURN e.urn AS urn ORDER BY urn LIMIT $limit",
                parameters).list(row -> row.get("urn").asString()));
    }

    /** The dataset any of these alias keys names, if any. */
    public Optional<String> datasetByAlias(List<String> keys) {
        return read(tx -> run(tx, """
                UNWIND $keys AS key
                MATCH (:DatasetAlias {name: key})-[:ALIAS_OF]->(d:Dataset)
                RETURN d.urn AS urn LIMIT 1
                """, Map.of("keys", keys)).list(row -> row.get("urn").asString())).stream().findFirst();
    }

    /** The surviving dataset of a URN that was merged into another (bounded: merges chain at most 16 deep). */
    public String followMerges(String urn) {
        return read(tx -> run(tx, """
                MATCH (d:Entity {urn: $urn})
                OPTIONAL MATCH (d)-[:MERGED_INTO*1..16]->(s:Dataset)
                RETURN coalesce(s.urn, d.urn) AS urn LIMIT 1
                """, Map.of("urn", urn)).list(row -> row.get("urn").asString())).stream().findFirst().orElse(urn);
    }

    public Optional<String> jobByName(String namespace, String name) {
        return read(tx -> run(tx, "MATCH (j:Job {namespace: $ns, name: $name}) RETURN j.urn AS urn LIMIT 1",
                Map.of("ns", namespace, "name", name)).list(row -> row.get("urn").asString())).stream().findFirst();
    }

    public boolean exists(String urn) {
        return read(tx -> run(tx, "MATCH (e:Entity {urn: $urn}) WHERE NOT coalesce(e.removed, false) RETURN count(e) > 0 AS found",
                Map.of("urn", urn)).single().get("found").asBoolean());
    }

    // ----

    private <T> T read(Function<TransactionContext, T> work) {
        return store.read(work);
    }

    private Result run(TransactionContext tx, String query, Map<String, Object> parameters) {
        roundTrips.add();
        return tx.run(query, parameters);
    }

    private static AspectVersion toVersion(Value node) {
        return new AspectVersion(Urn.parse(node.get("urn").asString()), node.get("name").asString(), node.get("version").asLong(),
                node.get("value").asString(), Instant.ofEpochMilli(node.get("createdAt").asLong()), node.get("createdBy").asString());
    }
}
