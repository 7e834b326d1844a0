package io.cairn.server.hms.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSaslClientTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;

/**
 * Throughput and latency of the metastore endpoint of a running Cairn: {@code get_database} (a read through the
 * catalog), {@code lock}+{@code unlock} (two Neo4j write transactions), and on a plain table with 720 partitions
 * {@code get_partition}, {@code get_partitions_by_filter} for one day and {@code get_partition_names} for all, from
 * several connections at once.
 * <pre>
 * java ... io.cairn.server.hms.bench.HmsBench &lt;host&gt; &lt;port&gt; &lt;client-id&gt; &lt;secret&gt; [threads] [calls per thread]
 * </pre>
 * Pass {@code -} as client id for {@code CAIRN_HMS_AUTH=none}.
 */
public final class HmsBench {

    private HmsBench() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String clientId = args[2];
        String secret = args[3];
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int calls = args.length > 5 ? Integer.parseInt(args[5]) : 500;
        String database = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        try (TTransport setup = connect(host, port, clientId, secret)) {
            new ThriftHiveMetastore.Client(new TBinaryProtocol(setup)).create_database(new Database(database, null, null, new HashMap<>()));
        }
        run("get_database", host, port, clientId, secret, threads, calls, (client, thread, i) -> client.get_database(database));
        run("lock+unlock", host, port, clientId, secret, threads, calls / 5, (client, thread, i) -> {
            LockComponent component = new LockComponent(LockType.EXCLUSIVE, LockLevel.TABLE, database);
            component.setTablename("t" + thread);
            long id = client.lock(new LockRequest(List.of(component), "bench", "localhost")).getLockid();
            client.unlock(new UnlockRequest(id));
        });
        int partitions = createPartitionedTable(host, port, clientId, secret, database);
        run("get_partition", host, port, clientId, secret, threads, calls, (client, thread, i) ->
                client.get_partition(database, "events", List.of("2024-01-" + day(i), Integer.toString(i % 24))));
        run("by_filter(1d)", host, port, clientId, secret, threads, calls / 10, (client, thread, i) ->
                expect(client.get_partitions_by_filter(database, "events", "ds = '2024-01-" + day(i) + "'", (short) -1).size(), 24));
        run("names(all " + partitions + ")", host, port, clientId, secret, threads, calls / 50, (client, thread, i) ->
                expect(client.get_partition_names(database, "events", (short) -1).size(), partitions));
        try (TTransport cleanup = connect(host, port, clientId, secret)) {
            new ThriftHiveMetastore.Client(new TBinaryProtocol(cleanup)).drop_database(database, false, true);
        }
    }

    /** A plain table partitioned by day and hour with 30 x 24 partitions, added 240 per call; returns the count. */
    private static int createPartitionedTable(String host, int port, String clientId, String secret, String database) throws Exception {
        try (TTransport transport = connect(host, port, clientId, secret)) {
            ThriftHiveMetastore.Client client = new ThriftHiveMetastore.Client(new TBinaryProtocol(transport));
            StorageDescriptor sd = new StorageDescriptor();
            sd.setCols(new ArrayList<>(List.of(new FieldSchema("id", "bigint", null), new FieldSchema("payload", "string", null))));
            sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", new HashMap<>()));
            client.create_table(new Table("events", database, "bench", 0, 0, 0, sd,
                    new ArrayList<>(List.of(new FieldSchema("ds", "string", null), new FieldSchema("hr", "int", null))),
                    new HashMap<>(), null, null, "EXTERNAL_TABLE"));
            int count = 0;
            long start = System.nanoTime();
            for (int day = 0; day < 30; day += 10) {
                List<Partition> batch = new ArrayList<>();
                for (int d = day; d < day + 10; d++) {
                    for (int hour = 0; hour < 24; hour++) {
                        Partition partition = new Partition();
                        partition.setDbName(database);
                        partition.setTableName("events");
                        partition.setValues(new ArrayList<>(List.of("2024-01-" + day(d), Integer.toString(hour))));
                        partition.setSd(sd.deepCopy());
                        partition.setParameters(new HashMap<>());
                        batch.add(partition);
                    }
                }
                count += client.add_partitions(batch);
            }
            System.out.printf("%-14s %d partitions in %.0f ms%n", "add_partitions", count, (System.nanoTime() - start) / 1e6);
            return count;
        }
    }

    private static String day(int i) {
        return String.format("%02d", i % 30 + 1);
    }

    private static void expect(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " partitions, got " + actual);
        }
    }

    private interface Call {
        void run(ThriftHiveMetastore.Client client, int thread, int i) throws Exception;
    }

    private static void run(String name, String host, int port, String clientId, String secret, int threads, int calls, Call call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                long[] nanos = new long[calls];
                try (TTransport transport = connect(host, port, clientId, secret)) {
                    ThriftHiveMetastore.Client client = new ThriftHiveMetastore.Client(new TBinaryProtocol(transport));
                    for (int i = 0; i < calls; i++) {
                        long before = System.nanoTime();
                        call.run(client, thread, i);
                        nanos[i] = System.nanoTime() - before;
                    }
                }
                return nanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            Arrays.stream(future.get()).forEach(all::add);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        all.sort(Long::compare);
        System.out.printf("%-14s threads=%d calls=%d  %.0f calls/s  p50=%.2f ms  p99=%.2f ms%n", name, threads, all.size(),
                all.size() / seconds, all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
    }

    private static TTransport connect(String host, int port, String clientId, String secret) throws Exception {
        TSocket socket = new TSocket(host, port, 60_000);
        if (clientId.equals("-")) {
            socket.open();
            new ThriftHiveMetastore.Client(new TBinaryProtocol(socket)).set_ugi("bench", List.of());
            return socket;
        }
        Map<String, String> properties = Map.of();
        TTransport sasl = new TSaslClientTransport("PLAIN", null, null, null, properties, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback nameCallback) {
                    nameCallback.setName(clientId);
                } else if (callback instanceof PasswordCallback password) {
                    password.setPassword(secret.toCharArray());
                }
            }
        }, socket);
        sasl.open();
        return sasl;
    }
}
