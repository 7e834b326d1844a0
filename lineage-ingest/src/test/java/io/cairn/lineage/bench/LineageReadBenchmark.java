package io.cairn.lineage.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.LineageFixture;
import io.cairn.lineage.graph.LineageIds;
import io.cairn.lineage.read.BoundedReads;
import io.cairn.lineage.read.LineageGraph;
import io.cairn.lineage.read.LineageReader;
import io.cairn.lineage.read.LineageTimeoutException;
import io.cairn.lineage.read.LineageTraversal;
import io.cairn.lineage.read.NodeId;
import io.cairn.lineage.read.ReadLimits;
import io.cairn.lineage.read.TraversalQuery;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Prints lineage query latency (p50/p99) at depth 1, 5 and 10 through {@link LineageReader}, on a generated graph of
 * {@code levels x width} datasets with 20 columns each (default 20 x 2,500 = 50,000 datasets, 1,000,000 columns).
 * Not a test.
 *
 * <p>Shape: dataset {@code (L, k)} (level L, position k) is written by job {@code (L, k)} from dataset {@code (L-1, k)},
 * and from {@code (L-1, k+1)} when k is a multiple of 4. Its column {@code c} is fed by columns {@code c} (IDENTITY)
 * and {@code c+1} (TRANSFORMATION) of {@code (L-1, k)}, and by column {@code c} of {@code (L-1, k+1)} (AGGREGATION)
 * when k is a multiple of 4: about 2.1M FEEDS edges, chains 20 datasets deep that slowly widen, so depth 10 reaches
 * a few hundred columns upstream and downstream. The graph is written with bulk {@code UNWIND ... CREATE}
 * statements in the writer's graph shape (datasets with aliases, columns, FEEDS edges keyed by job and
 * transformation, jobs with READS/WRITES), not event by event.
 *
 * <p>Run: {@code java -cp <test classpath> io.cairn.lineage.bench.LineageReadBenchmark [levels] [width] [samples] [dir]};
 * generation resumes in a {@code dir} that holds a partly generated graph and is skipped when it is complete. With
 * {@code bolt://host:port} in place of {@code dir} and a last argument {@code top} it only measures, against a running
 * Neo4j whose graph has edges up to level {@code top}.
 */
public final class LineageReadBenchmark {

    static final int COLUMNS = 20;
    static final String NAMESPACE = "bench";

    private final int levels;
    private final int width;

    private LineageReadBenchmark(int levels, int width) {
        this.levels = levels;
        this.width = width;
    }

    public static void main(String[] args) throws Exception {
        int levels = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 2_500;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        LineageReadBenchmark bench = new LineageReadBenchmark(levels, width);
        if (args.length > 4 && args[3].startsWith("bolt://")) {
            try (Driver driver = GraphDatabase.driver(args[3], AuthTokens.none());
                 GraphStore store = new GraphStore(driver, null, new ChangeLog(), new ChangeSignal(), Clock.systemUTC())) {
                bench.measure(store, samples, Integer.parseInt(args[4]));
            }
            return;
        }
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("cairn-lineage-read-bench");
        try (LineageFixture fixture = LineageFixture.start(dir)) {
            bench.generate(fixture.driver());
            try (GraphStore store = fixture.store()) {
                bench.measure(store, samples, levels - 1);
            }
        }
    }

    // ---- generation ----

    private void generate(Driver driver) {
        long start = System.nanoTime();
        int perStatement = 500;
        // Generation resumes where an earlier run stopped: every chunk is its own transaction and is skipped if present.
        long present;
        try (var session = driver.session()) {
            present = session.run("MATCH (c:Column) RETURN count(c) AS n").single().get("n").asLong();
        }
        for (int level = present >= (long) levels * width * COLUMNS ? levels : 0; level < levels; level++) {
            for (int from = 0; from < width; from += perStatement) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int k = from; k < Math.min(width, from + perStatement); k++) {
                    List<Map<String, Object>> cols = new ArrayList<>(COLUMNS);
                    for (int c = 0; c < COLUMNS; c++) {
                        cols.add(Map.of("urn", column(level, k, c), "path", "c" + c));
                    }
                    rows.add(Map.of("urn", dataset(level, k).toString(), "key", "openlineage:" + NAMESPACE + "|" + name(level, k),
                            "name", name(level, k), "columns", cols));
                }
                write(driver, """
                        UNWIND $rows AS row
                        CREATE (d:Entity:Dataset {urn: row.urn, type: 'dataset', olKey: row.key, olNamespace: $ns,
                                                  olName: row.name, createdAt: 0, updatedAt: 0, createdBy: 'bench'})
                        CREATE (:DatasetAlias {name: row.key, kind: 'OPENLINEAGE', createdAt: 0})-[:ALIAS_OF]->(d)
                        WITH d, row
                        UNWIND row.columns AS col
                        CREATE (d)-[:HAS_COLUMN]->(:Entity:Column {urn: col.urn, type: 'column', fieldPath: col.path,
                                                                   stub: false, olType: 'string', createdAt: 0})
                        """, Map.of("rows", rows, "ns", NAMESPACE));
            }
            System.out.printf("  datasets and columns of level %d written (%.0f s)%n", level, (System.nanoTime() - start) / 1e9);
        }
        long edges = 0;
        int datasetsPerStatement = 200;
        for (int level = 1; level < levels; level++) {
            for (int from = 0; from < width; from += datasetsPerStatement) {
                int last = Math.min(width, from + datasetsPerStatement) - 1;
                boolean jobsPresent = exists(driver, "MATCH (j:Entity {urn: $urn}) WHERE j:Job RETURN j",
                        LineageIds.job(NAMESPACE, "job_" + name(level, last)).toString());
                boolean feedsPresent = exists(driver, "MATCH (c:Entity {urn: $urn}) WHERE (:Column)-[:FEEDS]->(c) RETURN c",
                        column(level, last, 0));
                List<Map<String, Object>> jobs = new ArrayList<>();
                List<Map<String, Object>> feeds = new ArrayList<>();
                for (int k = from; k < Math.min(width, from + datasetsPerStatement); k++) {
                    String job = LineageIds.job(NAMESPACE, "job_" + name(level, k)).toString();
                    List<String> inputs = new ArrayList<>(List.of(dataset(level - 1, k).toString()));
                    if (k % 4 == 0) {
                        inputs.add(dataset(level - 1, (k + 1) % width).toString());
                    }
                    jobs.add(Map.of("urn", job, "name", "job_" + name(level, k), "inputs", inputs, "output", dataset(level, k).toString()));
                    for (int c = 0; c < COLUMNS; c++) {
                        String dst = column(level, k, c);
                        feeds.add(feed(column(level - 1, k, c), dst, job, "IDENTITY"));
                        feeds.add(feed(column(level - 1, k, (c + 1) % COLUMNS), dst, job, "TRANSFORMATION"));
                        if (k % 4 == 0) {
                            feeds.add(feed(column(level - 1, (k + 1) % width, c), dst, job, "AGGREGATION"));
                        }
                    }
                }
                if (!jobsPresent) {
                    write(driver, """
                        UNWIND $jobs AS row
                        CREATE (j:Entity:Job {urn: row.urn, type: 'job', namespace: $ns, name: row.name, createdAt: 0, updatedAt: 0})
                        WITH j, row
                        MATCH (out:Entity {urn: row.output})
                        CREATE (j)-[:WRITES]->(out)
                        WITH j, row
                        UNWIND row.inputs AS input
                        MATCH (in:Entity {urn: input})
                        CREATE (j)-[:READS]->(in)
                        """, Map.of("jobs", jobs, "ns", NAMESPACE));
                }
                if (!feedsPresent) {
                    write(driver, """
                        UNWIND $rows AS row
                        MATCH (s:Entity {urn: row.src})
                        MATCH (t:Entity {urn: row.dst})
                        CREATE (s)-[:FEEDS {key: row.key, job: row.job, type: 'DIRECT', subtype: row.subtype, createdAt: 0,
                                            lastRun: '', lastRunAt: 0, tiebreak: '', masking: false}]->(t)
                        """, Map.of("rows", feeds));
                }
                edges += feeds.size();
            }
            System.out.printf("  edges into level %d written: %,d (%.0f s)%n", level, edges, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("generated %,d datasets, %,d columns, %,d FEEDS edges in %.0f s%n", (long) levels * width,
                (long) levels * width * COLUMNS, edges, (System.nanoTime() - start) / 1e9);
    }

    private static Map<String, Object> feed(String src, String dst, String job, String subtype) {
        return Map.of("src", src, "dst", dst, "job", job, "subtype", subtype, "key", job + "|DIRECT|" + subtype);
    }

    private static boolean exists(Driver driver, String cypher, String urn) {
        try (var session = driver.session()) {
            return !session.run(cypher, Map.of("urn", urn)).list().isEmpty();
        }
    }

    private static void write(Driver driver, String cypher, Map<String, Object> parameters) {
        try (var session = driver.session()) {
            session.executeWrite(tx -> tx.run(cypher, parameters).consume());
        }
    }

    private static String name(int level, int k) {
        return "l" + level + "_d" + k;
    }

    private static Urn dataset(int level, int k) {
        return Urn.dataset(UUID.nameUUIDFromBytes(("bench-dataset " + level + " " + k).getBytes(StandardCharsets.UTF_8)));
    }

    private static String column(int level, int k, int c) {
        return Urn.column(dataset(level, k).uuid(), "c" + c).toString();
    }

    // ---- measurement ----

    /**
     * Upstream starts at the top three levels (depth 10 reaches 10 levels down), downstream at the bottom three,
     * both-ways mid-graph. Marquez-shaped reads go through {@link LineageReader}; Cairn's own one-direction column
     * traversal (first page of up to 1,000 items) through {@link LineageTraversal}.
     */
    private void measure(GraphStore store, int samples, int top) {
        LineageReader reader = new LineageReader(store, ReadLimits.DEFAULT);
        LineageTraversal traversal = new LineageTraversal(new BoundedReads(store, Duration.ofSeconds(30)), ReadLimits.DEFAULT,
                new ObjectMapper());
        warm(store);
        Random random = new Random(42);
        int deep = Math.max(0, top - 2);
        int middle = Math.max(0, top / 2 - 1);
        System.out.printf("%-44s %5s %9s %9s %9s %8s%n", "query", "depth", "p50 ms", "p99 ms", "max ms", "nodes");
        for (int depth : new int[] {1, 5, 10}) {
            time("column upstream (datasetField)", depth, samples, i -> {
                int level = deep + random.nextInt(top - deep + 1);
                return reader.columnLineage(NodeId.parse(field(level, random.nextInt(width), random.nextInt(COLUMNS))), depth, false);
            });
            time("column upstream (traversal)", depth, samples, i -> {
                int level = deep + random.nextInt(top - deep + 1);
                return page(traversal, field(level, random.nextInt(width), random.nextInt(COLUMNS)), TraversalQuery.Direction.UPSTREAM, depth);
            });
            time("column downstream (traversal)", depth, samples, i -> {
                int level = random.nextInt(3);
                return page(traversal, field(level, random.nextInt(width), random.nextInt(COLUMNS)), TraversalQuery.Direction.DOWNSTREAM, depth);
            });
            time("column up+downstream (datasetField)", depth, samples, i -> {
                int level = middle + random.nextInt(3);
                return reader.columnLineage(NodeId.parse(field(level, random.nextInt(width), random.nextInt(COLUMNS))), depth, true);
            });
            time("column upstream (dataset, 20 columns)", depth, samples, i -> {
                int level = deep + random.nextInt(top - deep + 1);
                return reader.columnLineage(NodeId.parse(NodeId.dataset(NAMESPACE, name(level, random.nextInt(width)))), depth, false);
            });
            time("dataset lineage (jobs + datasets, both ways)", depth, samples, i -> {
                int level = middle + random.nextInt(3);
                return reader.lineage(NodeId.parse(NodeId.dataset(NAMESPACE, name(level, random.nextInt(width)))), depth);
            });
        }
    }

    /** A resumed graph starts with a cold page cache: reading every node and edge once first measures queries, not disk. */
    private static void warm(GraphStore store) {
        long start = System.nanoTime();
        long touched = store.read(tx -> tx.run("MATCH (n:Entity) RETURN count(n.urn) AS n").single().get("n").asLong()
                + tx.run("MATCH ()-[f:FEEDS]->() RETURN count(f.key) AS n").single().get("n").asLong()
                + tx.run("MATCH ()-[h:HAS_COLUMN]->() RETURN count(h) AS n").single().get("n").asLong());
        System.out.printf("page cache warmed: %,d nodes and edges read in %.0f s%n", touched, (System.nanoTime() - start) / 1e9);
    }

    private static int page(LineageTraversal traversal, String start, TraversalQuery.Direction direction, int depth) {
        return traversal.traverse(new TraversalQuery(start, direction, depth, null, null, null, TraversalQuery.MAX_PAGE, null)).items().size();
    }

    private static String field(int level, int k, int c) {
        return NodeId.field(NAMESPACE, name(level, k), "c" + c);
    }

    private static void time(String label, int depth, int samples, IntFunction<Object> query) {
        for (int i = 0; i < Math.max(5, samples / 10); i++) {
            try {
                query.apply(i);
            } catch (LineageTimeoutException e) {
                // warm-up only
            }
        }
        double[] millis = new double[samples];
        long nodes = 0;
        int timeouts = 0;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            try {
                Object answer = query.apply(i);
                nodes += answer instanceof LineageGraph graph ? graph.graph().size() : (int) answer;
            } catch (LineageTimeoutException e) {
                // Counted at the time it took (the server's limit), so it shows in p99 and max rather than ending the run.
                timeouts++;
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%-44s %5d %9.1f %9.1f %9.1f %8d%s%n", label, depth, millis[samples / 2],
                millis[Math.min(samples - 1, (int) Math.ceil(samples * 0.99) - 1)], millis[samples - 1],
                nodes / Math.max(1, samples - timeouts), timeouts == 0 ? "" : "  (" + timeouts + " timed out)");
    }
}
