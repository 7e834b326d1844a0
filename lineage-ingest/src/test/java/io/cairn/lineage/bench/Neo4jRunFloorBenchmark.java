package io.cairn.lineage.bench;

import io.cairn.lineage.raw.RawEventBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * How fast Neo4j itself stores the steady-state workload, with nothing of Cairn in the way: no Cypher, no parsing, no
 * alias resolution, no search. Each round is one commit of 2,000 events (1,000 jobs, START + COMPLETE each, as a
 * steady-state round of {@link LineageIngestBenchmark}) written through the embedded core API. Prints numbers, asserts
 * nothing.
 *
 * <p>It bounds what any write path that keeps runs in the graph can reach on the machine, at four levels, each adding
 * to the one before: {@code runs} (a run node found by URN and merged by the two events, its {@code RUN_OF} link, the
 * job's column-lineage set confirmed by the run, the output's last successful write: what the issue asks the graph to
 * hold), {@code links} (the run's {@code CONSUMED}, {@code PRODUCED} and {@code RAN_VERSION} links, as Cairn stores
 * them), {@code changes} (three change-log nodes per run with their indexes: two run states and the output's
 * freshness) and {@code raw} (each event's body kept as a raw-event node keyed by its hash); {@code raw_gzip} is
 * {@code raw} with the bodies compressed as Cairn stores them (before the clock starts, as Cairn compresses them on
 * the thread that parses). Run: {@code java -cp
 * <lineage-ingest test classpath> io.cairn.lineage.bench.Neo4jRunFloorBenchmark [rounds]} (default 12); medians of
 * the second half of the rounds.
 */
public final class Neo4jRunFloorBenchmark {

    private static final Label ENTITY = Label.label("Entity");
    private static final Label RUN = Label.label("Run");
    private static final Label CHANGE = Label.label("ChangeEvent");
    private static final Label PENDING = Label.label("PendingChange");
    private static final Label RAW = Label.label("RawLineageEvent");
    private static final RelationshipType RUN_OF = RelationshipType.withName("RUN_OF");
    private static final RelationshipType CONSUMED = RelationshipType.withName("CONSUMED");
    private static final RelationshipType PRODUCED = RelationshipType.withName("PRODUCED");
    private static final RelationshipType RAN_VERSION = RelationshipType.withName("RAN_VERSION");
    private static final RelationshipType COLUMN_LINEAGE = RelationshipType.withName("COLUMN_LINEAGE");
    private static final RelationshipType HAS_VERSION = RelationshipType.withName("HAS_VERSION");
    private static final RelationshipType READS = RelationshipType.withName("READS");
    private static final RelationshipType WRITES = RelationshipType.withName("WRITES");
    private static final int JOBS = 1000;

    private enum Level { RUNS, LINKS, CHANGES, RAW, RAW_GZIP }

    private Neo4jRunFloorBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        for (Level level : Level.values()) {
            Neo4jFloor.measure(level.name().toLowerCase(), "events/s", rounds, db -> {
                schema(db);
                jobs(db);
            }, (db, round) -> round(db, round, level));
        }
    }

    private static void schema(GraphDatabaseService db) {
        try (Transaction tx = db.beginTx()) {
            tx.execute("CREATE CONSTRAINT entity_urn IF NOT EXISTS FOR (e:Entity) REQUIRE e.urn IS UNIQUE");
            tx.execute("CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:ChangeEvent) REQUIRE c.seq IS UNIQUE");
            tx.execute("CREATE INDEX change_urn_version IF NOT EXISTS FOR (c:ChangeEvent) ON (c.urn, c.version)");
            tx.execute("CREATE INDEX change_principal IF NOT EXISTS FOR (c:ChangeEvent) ON (c.principal)");
            tx.execute("CREATE CONSTRAINT raw_id IF NOT EXISTS FOR (r:RawLineageEvent) REQUIRE r.id IS UNIQUE");
            tx.execute("CREATE INDEX raw_received IF NOT EXISTS FOR (r:RawLineageEvent) ON (r.receivedAt)");
            tx.commit();
        }
        try (Transaction tx = db.beginTx()) {
            tx.schema().awaitIndexesOnline(1, TimeUnit.MINUTES);
        }
    }

    /** The jobs with their datasets, current version and column-lineage set, as the warm-up round leaves them. */
    private static void jobs(GraphDatabaseService db) {
        try (Transaction tx = db.beginTx()) {
            for (int job = 0; job < JOBS; job++) {
                Node node = entity(tx, "urn:cairn:job:bench/job_" + job);
                Node input = entity(tx, "urn:cairn:dataset:bench/in_" + job);
                Node output = entity(tx, "urn:cairn:dataset:bench/out_" + job);
                Node version = entity(tx, "urn:cairn:jobVersion:bench/job_" + job + "/v1");
                node.setProperty("currentVersion", "v1");
                node.createRelationshipTo(version, HAS_VERSION);
                node.createRelationshipTo(input, READS);
                node.createRelationshipTo(output, WRITES);
                Relationship set = node.createRelationshipTo(output, COLUMN_LINEAGE);
                set.setProperty("key", "urn:cairn:job:bench/job_" + job + "|out_" + job);
                set.setProperty("hash", "0123456789abcdef0123456789abcdef");
            }
            tx.commit();
        }
    }

    private static Node entity(Transaction tx, String urn) {
        Node node = tx.createNode(ENTITY);
        node.setProperty("urn", urn);
        return node;
    }

    private static double round(GraphDatabaseService db, int round, Level level) {
        List<String[]> runs = new ArrayList<>(JOBS);
        List<byte[][]> compressed = new ArrayList<>(JOBS);
        for (int job = 0; job < JOBS; job++) {
            String runId = UUID.randomUUID().toString();
            String[] run = {runId,
                    LineageIngestBenchmark.event(job, runId, "START", round, "in_" + job, "out_" + job),
                    LineageIngestBenchmark.event(job, runId, "COMPLETE", round, "in_" + job, "out_" + job)};
            runs.add(run);
            // compressed before the clock starts: a write path would do it on the thread that parses
            compressed.add(level == Level.RAW_GZIP ? new byte[][] {RawEventBodies.compress(run[1]), RawEventBodies.compress(run[2])} : null);
        }
        long seq = (long) round * JOBS * 10;
        long start = System.nanoTime();
        long commitStart;
        try (Transaction tx = db.beginTx()) {
            long now = System.currentTimeMillis();
            for (int job = 0; job < JOBS; job++) {
                String runId = runs.get(job)[0];
                String runUrn = "urn:cairn:run:" + runId;
                // START: the run is new, found by URN first as a replay would find it
                Node jobNode = tx.findNode(ENTITY, "urn", "urn:cairn:job:bench/job_" + job);
                if (tx.findNode(ENTITY, "urn", runUrn) == null) {
                    Node run = tx.createNode(ENTITY, RUN);
                    run.setProperty("urn", runUrn);
                    run.setProperty("runId", runId);
                    run.setProperty("state", "START");
                    run.setProperty("stateAt", now);
                    run.setProperty("startedAt", now);
                    run.createRelationshipTo(jobNode, RUN_OF);
                }
                // COMPLETE: the same run, found again by URN
                Node run = tx.findNode(ENTITY, "urn", runUrn);
                run.setProperty("state", "COMPLETE");
                run.setProperty("stateAt", now + 1);
                run.setProperty("endedAt", now + 1);
                Node output = tx.findNode(ENTITY, "urn", "urn:cairn:dataset:bench/out_" + job);
                output.setProperty("lastSuccessfulWrite", now + 1);
                for (Relationship set : jobNode.getRelationships(Direction.OUTGOING, COLUMN_LINEAGE)) {
                    set.setProperty("lastRun", runUrn);
                    set.setProperty("lastRunAt", now + 1);
                }
                if (level.compareTo(Level.LINKS) >= 0) {
                    run.createRelationshipTo(tx.findNode(ENTITY, "urn", "urn:cairn:dataset:bench/in_" + job), CONSUMED);
                    run.createRelationshipTo(output, PRODUCED);
                    run.createRelationshipTo(tx.findNode(ENTITY, "urn", "urn:cairn:jobVersion:bench/job_" + job + "/v1"),
                            RAN_VERSION);
                }
                if (level.compareTo(Level.CHANGES) >= 0) {
                    change(tx, ++seq, runUrn, "runState", "{\"state\":\"START\"}", now);
                    change(tx, ++seq, runUrn, "runState", "{\"state\":\"COMPLETE\"}", now + 1);
                    change(tx, ++seq, "urn:cairn:dataset:bench/out_" + job, "freshness", "{\"lastSuccessfulWrite\":" + (now + 1) + "}", now + 1);
                }
                if (level == Level.RAW) {
                    raw(tx, sha256(runs.get(job)[1]), runs.get(job)[1], runId, now);
                    raw(tx, sha256(runs.get(job)[2]), runs.get(job)[2], runId, now);
                } else if (level == Level.RAW_GZIP) {
                    raw(tx, sha256(runs.get(job)[1]), compressed.get(job)[0], runId, now);
                    raw(tx, sha256(runs.get(job)[2]), compressed.get(job)[1], runId, now);
                }
            }
            commitStart = System.nanoTime();
            tx.commit();
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        int events = 2 * JOBS;
        System.out.printf("%-8s round %2d: %5d events in %5.2f s (commit %5.2f s) = %7.0f events/s%n",
                level.name().toLowerCase(), round, events, seconds, (end - commitStart) / 1e9, events / seconds);
        return events / seconds;
    }

    private static void change(Transaction tx, long seq, String urn, String aspect, String after, long at) {
        Node change = tx.createNode(CHANGE, PENDING);
        change.setProperty("seq", seq);
        change.setProperty("urn", urn);
        change.setProperty("aspect", aspect);
        change.setProperty("version", at);
        change.setProperty("changeType", "UPSERT");
        change.setProperty("principal", "bench");
        change.setProperty("at", at);
        change.setProperty("after", after);
    }

    private static void raw(Transaction tx, String id, Object body, String runId, long now) {
        if (tx.findNode(RAW, "id", id) == null) {
            Node raw = tx.createNode(RAW);
            raw.setProperty("id", id);
            raw.setProperty("body", body);
            raw.setProperty("runId", runId);
            raw.setProperty("receivedAt", now);
        }
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
