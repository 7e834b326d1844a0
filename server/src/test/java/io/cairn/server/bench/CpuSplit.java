package io.cairn.server.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The JVM's CPU time over a stretch of a benchmark, split by who spent it: the simulated engines (client threads),
 * the server under test (its threads, backends included), and the rest: the other server sharing this JVM, and the
 * JVM itself (JIT compiler, garbage collector). The clients share the machine with the server, so throughput alone
 * mixes their cost into the server's figure; the split shows what the server spends per operation.
 *
 * <p>A thread that ends inside the stretch (a pool shrinking) takes its CPU time with it: that time shows up under the
 * rest.
 */
final class CpuSplit {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Each live thread's cumulative CPU nanoseconds at one moment, and the process's. */
    record Sample(Map<Long, Long> clients, Map<Long, Long> server, long process) {

        static Sample take(Predicate<String> isClient, Predicate<String> isServer) {
            Map<Long, Long> clients = new HashMap<>();
            Map<Long, Long> server = new HashMap<>();
            long[] ids = THREADS.getAllThreadIds();
            ThreadInfo[] infos = THREADS.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                long cpu = THREADS.getThreadCpuTime(ids[i]);
                if (infos[i] == null || cpu < 0) {
                    continue;
                }
                String name = infos[i].getThreadName();
                if (isClient.test(name)) {
                    clients.put(ids[i], cpu);
                } else if (isServer.test(name)) {
                    server.put(ids[i], cpu);
                }
            }
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Sample(clients, server, process);
        }

        /** CPU spent since {@code before} by the threads alive now (a thread that started since counts from zero). */
        private static long spentSince(Map<Long, Long> before, Map<Long, Long> now) {
            long spent = 0;
            for (Map.Entry<Long, Long> thread : now.entrySet()) {
                spent += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            return spent;
        }
    }

    /** Milliseconds of CPU per operation. */
    record PerOperation(double clientMs, double serverMs, double restMs) {

        static PerOperation between(Sample before, Sample after, long operations) {
            if (operations == 0) {
                return new PerOperation(Double.NaN, Double.NaN, Double.NaN);
            }
            double clients = Sample.spentSince(before.clients(), after.clients());
            double server = Sample.spentSince(before.server(), after.server());
            double rest = (after.process() - before.process()) - clients - server;
            return new PerOperation(clients / operations / 1e6, server / operations / 1e6, rest / operations / 1e6);
        }
    }

    private CpuSplit() {
    }
}
