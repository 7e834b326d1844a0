package io.cairn.metadata.bench;

import io.cairn.embedded.kafka.EmbeddedKafka;
import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.aspect.CoreAspects;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeEventCodec;
import io.cairn.metadata.changelog.ChangeLogRelay;
import io.cairn.metadata.changelog.RelaySettings;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.urn.Urn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The metadata write path with real Neo4j and Kafka: aspect writes per second (each one a transaction that also
 * appends to the change log) at several concurrency levels, latency percentiles, and how fast the relay drains
 * the change log to Kafka. Prints numbers; asserts nothing.
 *
 * <p>Run: {@code mvn -pl metadata-service -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.cairn.metadata.bench.WritePathBenchmark} (or see benchmarks/README.md).
 */
public final class WritePathBenchmark {

    private static final Actor WRITER = Actor.client("bench", Role.WRITER);

    public static void main(String[] args) throws Exception {
        int writesPerLevel = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        Path dir = Files.createTempDirectory("cairn-bench-");
        try (MetadataFixture metadata = MetadataFixture.start(dir)) {
            EntityStore entities = metadata.entities();
            List<Urn> urns = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                urns.add(Urn.dataset(UUID.randomUUID()));
            }
            run(entities, urns, 1, 500);
            System.out.printf("%-8s %10s %10s %10s %10s%n", "threads", "writes/s", "p50 ms", "p99 ms", "max ms");
            for (int threads : new int[] {1, 4, 16, 64}) {
                Result result = run(entities, urns, threads, writesPerLevel);
                System.out.printf("%-8d %10.0f %10.2f %10.2f %10.2f%n", threads, result.perSecond(), result.percentile(50),
                        result.percentile(99), result.percentile(100));
            }
            long pending = metadata.store().read(tx -> tx.run("MATCH (c:PendingChange) RETURN count(c) AS n").single().get("n").asLong());
            try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", MetadataFixture.freePort(), MetadataFixture.freePort());
                 ChangeLogRelay relay = new ChangeLogRelay(metadata.store(),
                         Map.of("bootstrap.servers", kafka.bootstrapServers()), RelaySettings.defaults(),
                         new ChangeEventCodec(MetadataFixture.MAPPER), metadata.signal(), Clock.systemUTC())) {
                long started = System.nanoTime();
                relay.start();
                while (relay.publishedCount() < pending) {
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("relay: %d change events published to Kafka in %.2f s = %.0f events/s%n", pending, seconds, pending / seconds);
            }
        }
    }

    private static Result run(EntityStore entities, List<Urn> urns, int threads, int writes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] latencies = new long[writes];
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                for (int i = offset; i < writes; i += threads) {
                    long begin = System.nanoTime();
                    entities.put(WRITER, urns.get(i % urns.size()), CoreAspects.DESCRIPTION, new Description("d" + i), OptionalLong.empty());
                    latencies[i] = System.nanoTime() - begin;
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return new Result(writes / seconds, latencies);
    }

    private record Result(double perSecond, long[] latencies) {
        double percentile(int p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    private WritePathBenchmark() {
    }

}
