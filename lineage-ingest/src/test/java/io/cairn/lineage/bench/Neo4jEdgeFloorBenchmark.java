package io.cairn.lineage.bench;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * How fast Neo4j itself stores the new-lineage workload, with nothing of Cairn in the way: no Cypher, no alias
 * resolution, no runs, raw events, change log or search; only the nodes and relationships one new-lineage round of
 * {@link LineageIngestBenchmark} must hold (per COMPLETE: two new datasets, 42 new columns with their
 * {@code HAS_COLUMN} links, 60 new column edges), created through the embedded core API and committed once per round
 * of 1,000 events, as the writer commits a batch. Prints numbers, asserts nothing.
 *
 * <p>It bounds what any write path over this graph shape can reach on the machine: the edges' properties are what
 * ARCHITECTURE.md decision 3 asks an edge to carry, at three levels: {@code bare} (no properties: not Cairn's model),
 * {@code minimal} (job, transformation type and subtype) and {@code cairn} (as the writer stores a new edge: also its
 * key, creation time, set hash and masking flag). Run: {@code java -cp <lineage-ingest test classpath>
 * io.cairn.lineage.bench.Neo4jEdgeFloorBenchmark [rounds]} (default 12); medians of the second half of the rounds.
 */
public final class Neo4jEdgeFloorBenchmark {

    private static final Label ENTITY = Label.label("Entity");
    private static final Label DATASET = Label.label("Dataset");
    private static final Label COLUMN = Label.label("Column");
    private static final RelationshipType HAS_COLUMN = RelationshipType.withName("HAS_COLUMN");
    private static final RelationshipType FEEDS = RelationshipType.withName("FEEDS");
    private static final int JOBS = 1000;
    private static final int INPUT_COLUMNS = 22;
    private static final int OUTPUT_COLUMNS = 20;
    private static final int INPUTS_PER_COLUMN = 3;

    private enum EdgeProperties { BARE, MINIMAL, CAIRN }

    private Neo4jEdgeFloorBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        for (EdgeProperties level : EdgeProperties.values()) {
            Neo4jFloor.measure(level.name().toLowerCase(), "new edges/s", rounds, Neo4jEdgeFloorBenchmark::schema,
                    (db, round) -> round(db, round, level));
        }
    }

    private static void schema(GraphDatabaseService db) {
        try (Transaction tx = db.beginTx()) {
            tx.execute("CREATE CONSTRAINT entity_urn IF NOT EXISTS FOR (e:Entity) REQUIRE e.urn IS UNIQUE");
            tx.commit();
        }
        try (Transaction tx = db.beginTx()) {
            tx.schema().awaitIndexesOnline(1, TimeUnit.MINUTES);
        }
    }

    private static double round(GraphDatabaseService db, int round, EdgeProperties level) {
        long start = System.nanoTime();
        long commitStart;
        int edges = 0;
        try (Transaction tx = db.beginTx()) {
            for (int job = 0; job < JOBS; job++) {
                String prefix = "r" + round + "j" + job;
                Node[] inputs = columns(tx, prefix + "in", "i", INPUT_COLUMNS, level);
                Node[] outputs = columns(tx, prefix + "out", "c", OUTPUT_COLUMNS, level);
                String jobUrn = "urn:cairn:job:bench/job_" + job;
                for (int c = 0; c < OUTPUT_COLUMNS; c++) {
                    for (int k = 0; k < INPUTS_PER_COLUMN; k++) {
                        Relationship edge = inputs[(c + k) % INPUT_COLUMNS].createRelationshipTo(outputs[c], FEEDS);
                        if (level != EdgeProperties.BARE) {
                            edge.setProperty("job", jobUrn);
                            edge.setProperty("type", "DIRECT");
                            edge.setProperty("subtype", "TRANSFORMATION");
                        }
                        if (level == EdgeProperties.CAIRN) {
                            edge.setProperty("key", jobUrn + "|DIRECT|TRANSFORMATION");
                            edge.setProperty("createdAt", System.currentTimeMillis());
                            edge.setProperty("setHash", "0123456789abcdef0123456789abcdef");
                            edge.setProperty("masking", false);
                        }
                        edges++;
                    }
                }
            }
            commitStart = System.nanoTime();
            tx.commit();
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        System.out.printf("%-8s round %2d: %6d edges in %5.2f s (commit %5.2f s) = %7.0f new edges/s%n",
                level.name().toLowerCase(), round, edges, seconds, (end - commitStart) / 1e9, edges / seconds);
        return edges / seconds;
    }

    /** A new dataset with its columns, each column found by URN as Cairn's are. */
    private static Node[] columns(Transaction tx, String dataset, String prefix, int count, EdgeProperties level) {
        Node node = tx.createNode(ENTITY, DATASET);
        node.setProperty("urn", "urn:cairn:dataset:" + UUID.randomUUID());
        Node[] columns = new Node[count];
        for (int i = 0; i < count; i++) {
            columns[i] = tx.createNode(ENTITY, COLUMN);
            columns[i].setProperty("urn", "urn:cairn:column:(" + dataset + "," + prefix + i + ")");
            if (level != EdgeProperties.BARE) {
                columns[i].setProperty("fieldPath", prefix + i);
            }
            node.createRelationshipTo(columns[i], HAS_COLUMN);
        }
        return columns;
    }
}
