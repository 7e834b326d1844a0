package io.cairn.server.graphql;

import io.cairn.graphql.error.GraphQlInputException;
import io.cairn.graphql.port.LineageDirection;
import io.cairn.graphql.port.LineageSource;
import io.cairn.lineage.read.ReadLimits;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.TransientException;

/**
 * Lineage by URN for the GraphQL API, over the lineage graph that lineage-ingest writes and with its read limits
 * (depth, fan-out, node cap, time limit). The walk is the one {@code LineageReader} does: breadth-first, one query per
 * hop over the whole frontier, each node once, at most {@code fanOut} neighbours per node per hop (in URN order, so
 * answers and pages are stable), inside one read transaction with Neo4j's timeout. No variable-length pattern.
 * Lives in the server because lineage-ingest offers Marquez-named reads only; it moves there once lineage reads
 * take URNs.
 */
final class GraphLineageSource implements LineageSource {

    private static final String DOWNSTREAM_STEP = """
            MATCH (n)<-[:READS]-(m:Job) RETURN m.urn AS to, 'READS' AS kind ORDER BY to LIMIT $fanOut
            UNION
            MATCH (n)-[:WRITES]->(m:Dataset) RETURN m.urn AS to, 'WRITES' AS kind ORDER BY to LIMIT $fanOut""";
    private static final String UPSTREAM_STEP = """
            MATCH (n)<-[:WRITES]-(m:Job) RETURN m.urn AS to, 'WRITES' AS kind ORDER BY to LIMIT $fanOut
            UNION
            MATCH (n)-[:READS]->(m:Dataset) RETURN m.urn AS to, 'READS' AS kind ORDER BY to LIMIT $fanOut""";

    private final GraphStore store;
    private final ReadLimits limits;

    GraphLineageSource(GraphStore store, ReadLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    @Override
    public int maxDepth() {
        return limits.maxDepth();
    }

    @Override
    public int maxNodes() {
        return limits.maxNodes();
    }

    @Override
    public DatasetLineage lineage(String startUrn, LineageDirection direction, int depth) {
        return inTransaction(tx -> {
            requireNode(tx, startUrn, "Dataset", "Job");
            return walkDatasets(tx, startUrn, direction, depth);
        });
    }

    private DatasetLineage walkDatasets(TransactionContext tx, String startUrn, LineageDirection direction, int depth) {
        {
            Set<String> nodes = new LinkedHashSet<>(List.of(startUrn));
            Set<Link> links = new LinkedHashSet<>();
            boolean truncated = false;
            boolean startIsJob = Urn.parse(startUrn).type() == EntityType.JOB;
            for (boolean down : direction == LineageDirection.BOTH ? List.of(false, true) : List.of(direction == LineageDirection.DOWNSTREAM)) {
                List<String> frontier = List.of(startUrn);
                boolean atJob = startIsJob;
                // One "hop" is dataset -> job -> dataset: two steps.
                for (int step = 0; step < 2 * depth && !frontier.isEmpty(); step++, atJob = !atJob) {
                    List<Record> rows = tx.run("""
                            UNWIND $frontier AS u
                            MATCH (n:Entity {urn: u})
                            CALL (n) {
                            %s
                            }
                            RETURN u AS from, to, kind
                            """.formatted(down ? DOWNSTREAM_STEP : UPSTREAM_STEP), Map.of("frontier", frontier, "fanOut", limits.fanOut())).list();
                    Map<String, Integer> perNode = new LinkedHashMap<>();
                    List<String> next = new ArrayList<>();
                    for (Record row : rows) {
                        String from = row.get("from").asString();
                        String to = row.get("to").asString();
                        String kind = row.get("kind").asString();
                        if (perNode.merge(from, 1, Integer::sum) >= limits.fanOut()) {
                            truncated = true;
                        }
                        if (!nodes.contains(to)) {
                            if (nodes.size() >= limits.maxNodes()) {
                                truncated = true;
                                continue;
                            }
                            nodes.add(to);
                            next.add(to);
                        }
                        String job = atJob ? from : to;
                        String dataset = atJob ? to : from;
                        // READS: the dataset flows into the job; WRITES: the job flows into the dataset.
                        links.add(kind.equals("READS") ? new Link(dataset, job, job, kind) : new Link(job, dataset, job, kind));
                    }
                    frontier = next;
                }
            }
            return new DatasetLineage(List.copyOf(nodes), List.copyOf(links), truncated);
        }
    }

    @Override
    public ColumnLineage columnLineage(String columnUrn, LineageDirection direction, int depth) {
        return inTransaction(tx -> {
            requireNode(tx, columnUrn, "Column");
            Walk walk = new Walk(List.of(columnUrn));
            if (direction.upstream()) {
                walk.expand(tx, true, depth);
            }
            if (direction.downstream()) {
                walk.expand(tx, false, depth);
            }
            return new ColumnLineage(List.copyOf(walk.columns), walk.links(), walk.truncated);
        });
    }

    @Override
    public ImpactSet impact(String datasetUrn, String columnUrn) {
        return inTransaction(tx -> {
            List<String> starts;
            if (columnUrn != null) {
                requireNode(tx, columnUrn, "Column");
                starts = List.of(columnUrn);
            } else {
                requireNode(tx, datasetUrn, "Dataset");
                starts = tx.run("MATCH (:Entity {urn: $urn})-[:HAS_COLUMN]->(c:Column) RETURN c.urn AS urn ORDER BY urn LIMIT $max",
                        Map.of("urn", datasetUrn, "max", limits.maxNodes())).list(r -> r.get("urn").asString());
            }
            Walk walk = new Walk(starts);
            walk.expand(tx, false, limits.maxDepth());
            Set<String> columns = new LinkedHashSet<>(walk.columns);
            columns.removeAll(starts);
            Set<String> datasets = new LinkedHashSet<>();
            Set<String> jobs = new LinkedHashSet<>();
            boolean truncated = walk.truncated;
            for (String column : columns) {
                datasets.add(Urn.dataset(Urn.parse(column).uuid()).toString());
            }
            walk.links().forEach(link -> {
                if (link.job() != null) {
                    jobs.add(link.job());
                }
            });
            if (columnUrn == null) {
                // Jobs that read the dataset break even without column lineage; so do their outputs, downstream.
                DatasetLineage downstream = walkDatasets(tx, datasetUrn, LineageDirection.DOWNSTREAM, limits.maxDepth());
                truncated |= downstream.truncated();
                for (String node : downstream.nodes()) {
                    (Urn.parse(node).type() == EntityType.JOB ? jobs : datasets).add(node);
                }
            }
            datasets.remove(datasetUrn);
            return new ImpactSet(List.copyOf(columns), List.copyOf(datasets), List.copyOf(jobs), truncated);
        });
    }

    /** A breadth-first walk over column edges; every column once, every FEEDS edge once. */
    private final class Walk {

        private final Set<String> columns;
        private final Map<List<String>, List<TransformationInfo>> transformations = new LinkedHashMap<>();
        private final Map<List<String>, String> lastRuns = new LinkedHashMap<>();
        private final List<String> starts;
        private boolean truncated;

        Walk(List<String> starts) {
            this.starts = starts;
            this.columns = new LinkedHashSet<>(starts);
        }

        void expand(TransactionContext tx, boolean upstream, int hops) {
            String pattern = upstream ? "(m:Column)-[f:FEEDS]->(n)" : "(n)-[f:FEEDS]->(m:Column)";
            List<String> frontier = starts;
            Set<String> seen = new LinkedHashSet<>(starts);
            Set<String> edgesSeen = new LinkedHashSet<>();
            for (int hop = 0; hop < hops && !frontier.isEmpty(); hop++) {
                List<Record> rows = tx.run("""
                        UNWIND $frontier AS u
                        MATCH (n:Entity {urn: u})
                        CALL (n) {
                          MATCH %s
                          RETURN m, f ORDER BY m.urn, f.key
                          LIMIT $fanOut
                        }
                        RETURN n.urn AS self, m.urn AS other, f.key AS key, f.job AS job, f.type AS type, f.subtype AS subtype,
                               f.description AS description, f.masking AS masking, f.lastRun AS lastRun
                        """.formatted(pattern), Map.of("frontier", frontier, "fanOut", limits.fanOut())).list();
                List<String> next = new ArrayList<>();
                Map<String, Integer> perNode = new LinkedHashMap<>();
                for (Record row : rows) {
                    String self = row.get("self").asString();
                    String other = row.get("other").asString();
                    if (perNode.merge(self, 1, Integer::sum) >= limits.fanOut()) {
                        truncated = true;
                    }
                    if (!columns.contains(other)) {
                        if (columns.size() >= limits.maxNodes()) {
                            truncated = true;
                            continue;
                        }
                        columns.add(other);
                    }
                    if (seen.add(other)) {
                        next.add(other);
                    }
                    String from = upstream ? other : self;
                    String to = upstream ? self : other;
                    if (!edgesSeen.add(from + "\u0000" + to + "\u0000" + row.get("key").asString(""))) {
                        continue;
                    }
                    List<String> pair = List.of(from, to, row.get("job").asString(""));
                    transformations.computeIfAbsent(pair, k -> new ArrayList<>()).add(new TransformationInfo(row.get("type").asString(null),
                            row.get("subtype").asString(null), row.get("description").asString(null), row.get("masking").asBoolean(false)));
                    String run = row.get("lastRun").asString("");
                    if (!run.isEmpty()) {
                        lastRuns.merge(pair, run, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
                frontier = next;
            }
            if (!frontier.isEmpty() && hops == limits.maxDepth()) {
                truncated = true;
            }
        }

        List<ColumnLink> links() {
            List<ColumnLink> links = new ArrayList<>();
            transformations.forEach((pair, list) -> links.add(new ColumnLink(pair.get(0), pair.get(1),
                    pair.get(2).isEmpty() ? null : pair.get(2), list, lastRuns.get(pair))));
            return links;
        }
    }

    private static void requireNode(TransactionContext tx, String urn, String... labels) {
        boolean found = tx.run("MATCH (n:Entity {urn: $urn}) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN count(n) > 0 AS found",
                Map.of("urn", urn, "labels", List.of(labels))).single().get("found").asBoolean();
        if (!found) {
            Urn parsed = Urn.parse(urn);
            String what = parsed.type() == EntityType.COLUMN
                    ? "column '" + parsed.keyParts().get(1) + "' in dataset " + Urn.dataset(parsed.uuid())
                    : parsed.type().urnName() + " " + urn;
            throw GraphQlInputException.notFound("no " + what);
        }
    }

    private <T> T inTransaction(Function<TransactionContext, T> work) {
        try (var session = store.driver().session(store.sessionConfig())) {
            return session.executeRead(work::apply, TransactionConfig.builder().withTimeout(limits.timeout()).build());
        } catch (ClientException | TransientException e) {
            String code = e.code() == null ? "" : e.code();
            if (code.contains("TransactionTimedOut") || code.contains("Terminated")) {
                throw GraphQlInputException.limitExceeded("the lineage query ran past the server's limit of " + limits.timeout().toMillis()
                        + " ms; ask for less depth or start from a narrower node");
            }
            throw e;
        }
    }
}
