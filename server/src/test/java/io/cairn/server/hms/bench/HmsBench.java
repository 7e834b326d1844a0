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
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSaslClientTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;

/**
 * Throughput and latency of the metastore endpoint of a running Cairn: {@code get_database} (a read through the
 * catalog) and {@code lock}+{@code unlock} (two Neo4j write transactions), from several connections at once.
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
        try (TTransport cleanup = connect(host, port, clientId, secret)) {
            new ThriftHiveMetastore.Client(new TBinaryProtocol(cleanup)).drop_database(database, false, true);
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
