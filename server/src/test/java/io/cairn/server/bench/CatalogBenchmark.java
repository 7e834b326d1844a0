package io.cairn.server.bench;

import io.cairn.server.CairnTestServer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTCatalogServer;
import org.apache.iceberg.types.Types;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Iceberg REST throughput and latency, Cairn against Iceberg's reference {@link RESTCatalogServer} (JDBC catalog on
 * SQLite), in one run with the same client code (Iceberg's {@link RESTCatalog}, one per simulated engine). Cairn runs
 * in this JVM with its real embedded Neo4j, Elasticsearch and Kafka, and verifies a bearer token on every request;
 * the reference server checks nothing. Prints numbers; asserts nothing.
 *
 * <p>Operations: {@code load} (a full loadTable: the client's table cache is off, so every call returns metadata),
 * {@code load-etag} (the client's default table cache, so repeat loads send {@code If-None-Match}) and
 * {@code commit} (a fast append of one {@link DataFiles}-built file, no data, each client on its own table).
 * Loads read tables of {@value #SEED_SNAPSHOTS} snapshots that no commit touches; every commit point (warm-up
 * included) commits to tables it creates empty, and a client moves to a new empty table after every
 * {@code bench.commits-per-table} commits (default 25; the creation is not timed and not counted as an operation, but
 * its CPU is in the point's figures). A table's metadata grows with each commit and loading or committing costs both
 * servers and the clients in proportion to it, so loads on tables that earlier commits had grown, commits that start
 * where a faster target's last point left off, or commits whose table grows with the target's own throughput would
 * compare tables of different sizes.
 *
 * <p>Run (after {@code mvn -B -q -DskipTests install}): {@code mvn -B -q -pl server exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.cairn.server.bench.CatalogBenchmark}. System properties:
 * {@code bench.seconds} (measured seconds per point, default 8), {@code bench.warmup} (default 4),
 * {@code bench.clients} (default {@code 1,4,16,64}), {@code bench.targets} (default {@code cairn,reference}),
 * {@code bench.operations} (default {@code load,load-etag,commit}), {@code bench.client-io} (the clients' FileIO class,
 * default Iceberg's; {@link ClientLocalFileIO} takes Hadoop's per-file {@code chmod} processes out of the clients' share).
 *
 * <p>The whole system's code is large (Neo4j, Elasticsearch, Kafka, Iceberg, Spring in one JVM): two minutes after
 * start the JIT still takes a third of the CPU (measured), and both servers run slower until it settles. A longer
 * {@code bench.warmup} (60 s or more) measures them closer to how they run after a while.
 */
public final class CatalogBenchmark {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer", Types.StringType.get()),
            Types.NestedField.optional(3, "amount", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(4, "ordered_at", Types.TimestampType.withZone()));
    private static final Namespace NAMESPACE = Namespace.of("bench");
    private static final int SEED_SNAPSHOTS = 5;
    /** Commits a client makes to one table before it starts a new one, so that commits see tables of 0 to this - 1 snapshots. */
    private static final int COMMITS_PER_TABLE = Integer.getInteger("bench.commits-per-table", 25);
    /** Numbers each measured or warm-up point, so that each commit point has tables of its own. */
    private static final AtomicInteger POINTS = new AtomicInteger();
    private static final List<String> OPERATIONS = List.of(System.getProperty("bench.operations", "load,load-etag,commit").split(","));

    private CatalogBenchmark() {
    }

    /** One catalog server under test: how clients reach it. */
    private record Target(String name, Map<String, String> clientProperties) {
    }

    private record Point(double perSecond, double p50, double p99, long errors, CpuSplit.PerOperation cpu) {
    }

    /** The simulated engines: the benchmark's client threads and the pools Iceberg's client code runs work on. */
    private static final String CLIENT_THREAD = "bench-client-";

    private static boolean clientThread(String name) {
        return name.startsWith(CLIENT_THREAD) || name.startsWith("iceberg-worker-pool") || name.startsWith("rest-metrics-reporter");
    }

    /** The reference serves on Jetty's pool ("qtp...") and does all its work there; every other thread is Cairn's. */
    private static boolean referenceThread(String name) {
        return name.startsWith("qtp");
    }

    private static Predicate<String> serverThreads(Target target) {
        return target.name().equals("reference") ? CatalogBenchmark::referenceThread
                : name -> !clientThread(name) && !referenceThread(name);
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 8);
        int warmup = Integer.getInteger("bench.warmup", 4);
        int[] levels = Arrays.stream(System.getProperty("bench.clients", "1,4,16,64").split(","))
                .mapToInt(level -> Integer.parseInt(level.strip())).toArray();
        int tables = Arrays.stream(levels).max().orElse(1);
        Path work = BenchServer.temporaryDirectory("cairn-catalog-bench-");

        List<String> only = List.of(System.getProperty("bench.targets", "cairn,reference").split(","));
        int referencePort = CairnTestServer.freePort();
        RESTCatalogServer reference = only.contains("reference") ? startReference(work.resolve("reference"), referencePort) : null;
        ConfigurableApplicationContext cairn = only.contains("cairn") ? BenchServer.start(work.resolve("cairn")) : null;
        List<Target> targets = new ArrayList<>();
        if (cairn != null) {
            targets.add(new Target("cairn", Map.of("uri", BenchServer.baseUri(cairn) + "/iceberg",
                    "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET, "warehouse", "default",
                    "oauth2-server-uri", BenchServer.baseUri(cairn) + "/iceberg/v1/oauth/tokens")));
        }
        if (reference != null) {
            targets.add(new Target("reference", Map.of("uri", "http://127.0.0.1:" + referencePort + "/")));
        }

        Map<String, Map<String, Point>> results = new LinkedHashMap<>();
        try {
            for (Target target : targets) {
                seed(target, tables);
            }
            // Both servers and the shared client code are warmed (JIT) before anything is measured, and each point is
            // measured for both targets back to back: measured one target after the other, the first one paid for the
            // JIT warm-up of the client code the second then reused, and the machine's load drifted in between.
            for (Target target : targets) {
                for (String operation : OPERATIONS) {
                    run(target, operation, Math.min(16, tables), warmup);
                }
            }
            for (String operation : OPERATIONS) {
                for (int clients : levels) {
                    for (Target target : targets) {
                        Point point = run(target, operation, clients, seconds);
                        results.computeIfAbsent(target.name(), name -> new LinkedHashMap<>()).put(operation + "@" + clients, point);
                        System.out.printf("%-10s %-10s %3d clients: %9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  errors %d"
                                        + "  CPU ms/op: server %.2f, clients %.2f, rest (JIT, GC, idle threads) %.2f%n",
                                target.name(), operation, clients, point.perSecond(), point.p50(), point.p99(), point.errors(),
                                point.cpu().serverMs(), point.cpu().clientMs(), point.cpu().restMs());
                    }
                }
            }
            if (results.size() == 2) {
                print(results, levels);
            }
        } finally {
            if (cairn != null) {
                cairn.close();
            }
            if (reference != null) {
                reference.stop();
            }
        }
        System.exit(0);
    }

    /** The reference server with a file-backed SQLite JDBC catalog (durable, as Cairn's Neo4j is). */
    private static RESTCatalogServer startReference(Path dir, int port) throws Exception {
        Files.createDirectories(dir.resolve("warehouse"));
        Map<String, String> config = new HashMap<>();
        config.put(RESTCatalogServer.REST_PORT, Integer.toString(port));
        config.put("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
        config.put("warehouse", dir.resolve("warehouse").toString());
        // The server's constructor is package-private (it is a test fixture); its main reads only the environment.
        Constructor<RESTCatalogServer> constructor = RESTCatalogServer.class.getDeclaredConstructor(Map.class);
        constructor.setAccessible(true);
        RESTCatalogServer server = constructor.newInstance(config);
        server.start(false);
        return server;
    }

    private static RESTCatalog client(Target target, boolean tableCache) {
        Map<String, String> properties = new HashMap<>(target.clientProperties());
        if (!tableCache) {
            properties.put("rest-table-cache.max-entries", "0");
        }
        String io = System.getProperty("bench.client-io");
        if (io != null) {
            properties.put("io-impl", io);
        }
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("bench", properties);
        return catalog;
    }

    private static void seed(Target target, int tables) throws IOException {
        try (RESTCatalog catalog = client(target, false)) {
            catalog.createNamespace(NAMESPACE);
            for (int i = 0; i < tables; i++) {
                Table table = catalog.createTable(table(i), SCHEMA, PartitionSpec.unpartitioned());
                for (int s = 0; s < SEED_SNAPSHOTS; s++) {
                    table.newFastAppend().appendFile(dataFile(table, "seed-" + s)).commit();
                }
            }
        }
    }

    /** {@code clients} threads, each with its own catalog client, doing {@code operation} for {@code seconds}. */
    private static Point run(Target target, String operation, int clients, int seconds) throws Exception {
        List<RESTCatalog> catalogs = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        int point = POINTS.incrementAndGet();
        for (int i = 0; i < clients; i++) {
            RESTCatalog catalog = client(target, operation.equals("load-etag"));
            catalogs.add(catalog);
            tables.add(operation.equals("commit")
                    ? catalog.createTable(commitTable(point, i, 0), SCHEMA, PartitionSpec.unpartitioned())
                    : catalog.loadTable(table(i)));
        }
        AtomicLong threadNumber = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients,
                work -> new Thread(work, CLIENT_THREAD + threadNumber.incrementAndGet()));
        AtomicLong errors = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        long[] window = new long[2];
        for (int i = 0; i < clients; i++) {
            int client = i;
            futures.add(pool.submit(() -> {
                start.await();
                LatencyLog log = new LatencyLog();
                long end = window[1];
                int n = 0;
                Table table = tables.get(client);
                int generation = 0;
                while (System.nanoTime() < end) {
                    long began = System.nanoTime();
                    try {
                        if (operation.equals("commit")) {
                            if (n / COMMITS_PER_TABLE != generation) {
                                // Not an operation: timed apart, so that latencies and the op count are commits only.
                                table = catalogs.get(client).createTable(commitTable(point, client, n / COMMITS_PER_TABLE),
                                        SCHEMA, PartitionSpec.unpartitioned());
                                generation = n / COMMITS_PER_TABLE;
                                began = System.nanoTime();
                            }
                            table.newFastAppend().appendFile(dataFile(table, "c" + client + "-" + n++)).commit();
                        } else {
                            catalogs.get(client).loadTable(table(client));
                        }
                        log.add(System.nanoTime() - began);
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() <= 3) {
                            System.err.println(target.name() + " " + operation + ": " + e);
                        }
                    }
                }
                return log.values();
            }));
        }
        CpuSplit.Sample cpuBefore = CpuSplit.Sample.take(CatalogBenchmark::clientThread, serverThreads(target));
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        start.countDown();
        List<long[]> logs = new ArrayList<>();
        for (Future<long[]> future : futures) {
            logs.add(future.get());
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        // Taken before the pool's threads end, or their CPU time would go with them.
        CpuSplit.Sample cpuAfter = CpuSplit.Sample.take(CatalogBenchmark::clientThread, serverThreads(target));
        pool.shutdown();
        for (RESTCatalog catalog : catalogs) {
            catalog.close();
        }
        long[] all = logs.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Point(all.length / elapsed, percentileMillis(all, 50), percentileMillis(all, 99), errors.get(),
                CpuSplit.PerOperation.between(cpuBefore, cpuAfter, all.length));
    }

    private static void print(Map<String, Map<String, Point>> results, int[] levels) {
        Map<String, Point> cairn = results.get("cairn");
        Map<String, Point> reference = results.get("reference");
        System.out.println();
        System.out.println("Iceberg REST catalog benchmark: Cairn vs Iceberg's reference RESTCatalogServer (JDBC/SQLite)");
        System.out.printf("%-10s %7s | %10s %8s %8s %8s | %10s %8s %8s %8s | %7s %7s %7s%n", "operation", "clients",
                "cairn op/s", "p50 ms", "p99 ms", "cpu ms", "ref op/s", "p50 ms", "p99 ms", "cpu ms", "x tput", "x p99", "x cpu");
        for (String operation : OPERATIONS) {
            for (int clients : levels) {
                Point c = cairn.get(operation + "@" + clients);
                Point r = reference.get(operation + "@" + clients);
                System.out.printf("%-10s %7d | %10.0f %8.2f %8.2f %8.2f | %10.0f %8.2f %8.2f %8.2f | %7.2f %7.2f %7.2f%n",
                        operation, clients, c.perSecond(), c.p50(), c.p99(), c.cpu().serverMs(), r.perSecond(), r.p50(),
                        r.p99(), r.cpu().serverMs(), c.perSecond() / r.perSecond(), c.p99() / r.p99(),
                        r.cpu().serverMs() / c.cpu().serverMs());
            }
        }
        System.out.println("x tput = Cairn throughput / reference throughput (higher is better for Cairn); "
                + "x p99 = Cairn p99 / reference p99 (lower is better for Cairn)");
        System.out.println("cpu ms = the server's CPU per operation: its own threads, backends included (not the clients', "
                + "the JIT compiler's or the GC's); x cpu = reference cpu / Cairn cpu (higher is better for Cairn)");
    }

    private static TableIdentifier commitTable(int point, int client, int generation) {
        return TableIdentifier.of(NAMESPACE, "commit_" + point + "_" + client + "_" + generation);
    }

    private static TableIdentifier table(int i) {
        return TableIdentifier.of(NAMESPACE, "t" + i);
    }

    private static DataFile dataFile(Table table, String name) {
        return DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + name + ".parquet")
                .withFormat("parquet")
                .withFileSizeInBytes(4096)
                .withRecordCount(100)
                .build();
    }

    /** Milliseconds at the {@code percent}-th percentile of {@code sorted} nanoseconds, NaN when there are none. */
    private static double percentileMillis(long[] sorted, int percent) {
        return sorted.length == 0 ? Double.NaN : BenchStats.percentile(sorted, percent) / 1e6;
    }

    /** Latencies in nanoseconds, one growable array per thread (no sharing while measuring). */
    private static final class LatencyLog {
        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        long[] values() {
            return Arrays.copyOf(values, size);
        }
    }
}
