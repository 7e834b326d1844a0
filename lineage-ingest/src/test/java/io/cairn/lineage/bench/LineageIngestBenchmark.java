package io.cairn.lineage.bench;

import io.cairn.lineage.LineageFixture;
import io.cairn.lineage.graph.IngestResult;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * Prints ingest rates of the graph write path, not a test: NDJSON batch bodies are parsed and written through
 * {@link io.cairn.lineage.graph.LineageGraphWriter} directly (what the HTTP batch endpoint does after reading the
 * body), one unit of work per batch. Steady state: 1,000 jobs run again and again (START + COMPLETE; COMPLETE carries
 * 20 output columns with 3 inputs each, unchanged from the job's previous run); new lineage: every COMPLETE brings
 * column edges the graph has not seen. Besides wall-clock rates it prints rates per CPU-second of this process (Neo4j
 * runs embedded in it), which stay comparable on a machine shared with other work.
 * Run: {@code mvn -pl lineage-ingest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.cairn.lineage.bench.LineageIngestBenchmark -Dexec.args="1000 2000 10"} (jobs, events per batch,
 * rounds). A round is short and the JIT compiler keeps compiling for the first minutes, so the summary gives the median
 * of the second half of each kind of round. Statements run in process, as the server runs them with its embedded
 * Neo4j; {@code -Dbench.bolt=true} sends them over Bolt, as to an external Neo4j. {@code -Dcairn.lineage.timing=true}
 * prints each step's and each statement's time as they normally run, {@code -Dcairn.lineage.profile=true} runs them
 * under PROFILE and adds their database hits (and the whole plan of a statement that costs over ten million).
 * {@code -Dbench.kinds=steady} (or {@code new}) runs one kind of round only; {@code -Dbench.no-raw-events=true} keeps
 * no raw events.
 */
public final class LineageIngestBenchmark {

    static final Actor WRITER = Actor.client("bench", Role.WRITER);

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("cairn-lineage-bench");
        try (LineageFixture fixture = Boolean.getBoolean("bench.bolt") ? LineageFixture.start(dir) : LineageFixture.startInProcess(dir)) {
            // Warm-up: every job's first runs create its datasets, columns and edges.
            run(fixture, jobs, batchSize, 0, "warm-up (new lineage)", false);
            String kinds = System.getProperty("bench.kinds", "steady,new");
            List<Rates> steady = new ArrayList<>();
            for (int round = 1; kinds.contains("steady") && round <= rounds; round++) {
                steady.add(run(fixture, jobs, batchSize, round, "steady state round " + round, false));
            }
            List<Rates> fresh = new ArrayList<>();
            for (int round = 1; kinds.contains("new") && round <= rounds; round++) {
                fresh.add(run(fixture, jobs, batchSize, 100 + round, "new lineage round " + round, true));
            }
            System.out.println("Medians of the second half of the rounds (past the JIT warm-up)");
            if (!steady.isEmpty()) {
                summarize("steady state", steady);
            }
            if (!fresh.isEmpty()) {
                summarize("new lineage", fresh);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /** A round's wall-clock rates. */
    private record Rates(double eventsPerSecond, double edgesPerSecond) {
    }

    private static void summarize(String kind, List<Rates> rounds) {
        List<Rates> settled = rounds.subList(rounds.size() / 2, rounds.size());
        System.out.printf("%-14s %7.0f events/s, %7.0f new edges/s (median of %d rounds)%n", kind,
                median(settled.stream().mapToDouble(Rates::eventsPerSecond)), median(settled.stream().mapToDouble(Rates::edgesPerSecond)),
                settled.size());
    }

    /** Nearest-rank median, as the server's benchmarks take it. */
    private static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[(sorted.length - 1) / 2];
    }

    private static Rates run(LineageFixture fixture, int jobs, int batchSize, int round, String label, boolean fresh) {
        List<byte[]> bodies = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        int inBatch = 0;
        int events = 0;
        for (int job = 0; job < jobs; job++) {
            String runId = UUID.randomUUID().toString();
            String out = fresh ? "out_" + job + "_r" + round : "out_" + job;
            String in = fresh ? "in_" + job + "_r" + round : "in_" + job;
            for (String type : new String[] {"START", "COMPLETE"}) {
                batch.append(event(job, runId, type, round, in, out)).append('\n');
                events++;
                if (++inBatch == batchSize) {
                    bodies.add(batch.toString().getBytes(StandardCharsets.UTF_8));
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) {
            bodies.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        long edges = 0;
        long parsing = 0;
        for (byte[] body : bodies) {
            long parseStart = System.nanoTime();
            List<LineageEvent> parsed = fixture.bodies().batch(body);
            parsing += System.nanoTime() - parseStart;
            IngestResult result = fixture.writer().write(WRITER, parsed);
            edges += result.newColumnEdges();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        System.out.printf("%-24s %6d events in %6.2f s (parsing %4.0f ms) = %7.0f events/s, %6d new column edges = %7.0f edges/s"
                        + " | per CPU-second: %7.0f events, %7.0f edges%n",
                label, events, seconds, parsing / 1e6, events / seconds, edges, edges / seconds, events / cpu, edges / cpu);
        return new Rates(events / seconds, edges / seconds);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** One benchmark event as NDJSON producers send it (package-private: the Neo4j floor benchmarks store the same bodies). */
    static String event(int job, String runId, String type, int round, String in, String out) {
        StringBuilder json = new StringBuilder();
        json.append("{\"eventType\":\"").append(type).append("\",\"eventTime\":\"2024-06-01T00:")
                .append(String.format("%02d:%02d", round % 60, type.equals("START") ? 0 : 1)).append(".000Z\",")
                .append("\"producer\":\"bench\",\"run\":{\"runId\":\"").append(runId).append("\"},")
                .append("\"job\":{\"namespace\":\"bench\",\"name\":\"job_").append(job).append("\"},")
                .append("\"inputs\":[{\"namespace\":\"bench\",\"name\":\"").append(in).append("\"}]");
        if (type.equals("COMPLETE")) {
            json.append(",\"outputs\":[{\"namespace\":\"bench\",\"name\":\"").append(out).append("\",\"facets\":{\"columnLineage\":{\"fields\":{");
            for (int c = 0; c < 20; c++) {
                json.append(c == 0 ? "" : ",").append("\"c").append(c).append("\":{\"inputFields\":[");
                for (int i = 0; i < 3; i++) {
                    json.append(i == 0 ? "" : ",").append("{\"namespace\":\"bench\",\"name\":\"").append(in)
                            .append("\",\"field\":\"i").append((c + i) % 30).append("\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"TRANSFORMATION\"}]}");
                }
                json.append("]}");
            }
            json.append("}}}}]");
        } else {
            json.append(",\"outputs\":[]");
        }
        return json.append('}').toString();
    }
}
