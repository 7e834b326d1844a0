package io.cairn.embedded.elasticsearch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints start/stop times and the memory the embedded node adds; not a test. From the repository root:
 *
 * <pre>
 * mvn -q -pl embedded/es-node,embedded/elasticsearch -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp embedded/elasticsearch/target/classes:embedded/elasticsearch/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.cairn.embedded.elasticsearch.EmbeddedElasticsearchBenchmark [dataDir] [rounds]
 * </pre>
 */
public final class EmbeddedElasticsearchBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("cairn-es-bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.gc();
        long rssBefore = rssKb();
        long heapBefore = usedHeapKb();
        long metaBefore = metaspaceKb();
        System.out.printf(
            "data dir %s; before: RSS %d MB, used heap %d MB, metaspace %d MB%n",
            dir,
            rssBefore / 1024,
            heapBefore / 1024,
            metaBefore / 1024
        );
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dir, "127.0.0.1", 0);
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            long rssStarted = rssKb();
            System.gc();
            long heapStarted = usedHeapKb();
            long metaStarted = metaspaceKb();
            t0 = System.nanoTime();
            es.close();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            System.gc();
            System.out.printf(
                "round %d: start %d ms, stop %d ms; while running: RSS +%d MB, used heap +%d MB, metaspace +%d MB;"
                    + " after stop + GC: RSS +%d MB, heap +%d MB, threads %d%n",
                round,
                startMs,
                stopMs,
                (rssStarted - rssBefore) / 1024,
                (heapStarted - heapBefore) / 1024,
                (metaStarted - metaBefore) / 1024,
                (rssKb() - rssBefore) / 1024,
                (usedHeapKb() - heapBefore) / 1024,
                Thread.activeCount()
            );
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long metaspaceKb() {
        return ManagementFactory.getMemoryPoolMXBeans()
            .stream()
            .filter(p -> p.getName().equals("Metaspace"))
            .mapToLong(p -> p.getUsage().getUsed() / 1024)
            .sum();
    }

    private static long usedHeapKb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }
}
