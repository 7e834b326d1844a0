package io.cairn.server.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/**
 * The JVM's CPU time over a stretch of a benchmark, split by who spent it: the simulated engines (client threads),
 * the server under test (its threads, backends included), and the rest: the other server sharing this JVM, and the
 * JVM itself (JIT compiler, garbage collector). The clients share the machine with the server, so throughput alone
 * mixes their cost into the server's figure; the split shows what the server spends per operation.
 *
 * <p>A thread that ends inside the stretch takes its CPU time with it, and that time shows up under the rest.
 */
final class CpuSplit {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Cumulative CPU nanoseconds at one moment. */
    record Sample(long clients, long server, long process) {

        static Sample take(Predicate<String> isClient, Predicate<String> isServer) {
            long clients = 0;
            long server = 0;
            long[] ids = THREADS.getAllThreadIds();
            ThreadInfo[] infos = THREADS.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                long cpu = THREADS.getThreadCpuTime(ids[i]);
                if (infos[i] == null || cpu < 0) {
                    continue;
                }
                String name = infos[i].getThreadName();
                if (isClient.test(name)) {
                    clients += cpu;
                } else if (isServer.test(name)) {
                    server += cpu;
                }
            }
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Sample(clients, server, process);
        }
    }

    /** Milliseconds of CPU per operation. */
    record PerOperation(double clientMs, double serverMs, double restMs) {

        static PerOperation between(Sample before, Sample after, long operations) {
            if (operations == 0) {
                return new PerOperation(Double.NaN, Double.NaN, Double.NaN);
            }
            double clients = after.clients() - before.clients();
            double server = after.server() - before.server();
            double rest = (after.process() - before.process()) - clients - server;
            return new PerOperation(clients / operations / 1e6, server / operations / 1e6, rest / operations / 1e6);
        }
    }

    private CpuSplit() {
    }
}
