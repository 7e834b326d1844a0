package io.cairn.e2e.spark;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Cairn per test class, started from a private copy of the built jar on free ports and a fresh data directory,
 * with a known root credential. The warehouse is a {@code file:} directory that this JVM (Spark's driver and
 * executors) reads and writes directly, as a local user's Spark would.
 */
final class CairnUnderTest implements AutoCloseable {

    static final String ROOT_ID = "root";

    /** Seconds on an idle laptop; minutes on a CI box that runs other builds beside this one. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

    private final Path work;
    private final Path jar;
    private final String rootSecret;
    private final CairnProcess process;

    private CairnUnderTest(Path work, Path jar, String rootSecret, CairnProcess process) {
        this.work = work;
        this.jar = jar;
        this.rootSecret = rootSecret;
        this.process = process;
    }

    static CairnUnderTest start(String label) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("cairn-spark-" + label + "-");
        Path jar = CairnJar.privateCopy(work);
        String secret = UUID.randomUUID().toString();
        CairnProcess process = CairnProcess.start(jar, work.resolve("data"), CairnPorts.free(),
                Map.of("CAIRN_ROOT_CREDENTIAL", ROOT_ID + ":" + secret), List.of("-Xmx1g"), work.resolve("cairn.log"));
        try {
            Duration healthy = process.awaitHealthy(STARTUP_TIMEOUT);
            System.out.printf("spark.e2e[%s]: Cairn healthy on port %d after %.1f s (work dir %s)%n", label,
                    process.ports().http(), healthy.toMillis() / 1000.0, work);
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            Files.deleteIfExists(jar);
            throw e;
        }
        return new CairnUnderTest(work, jar, secret, process);
    }

    String icebergUri() {
        return process.baseUri() + "/iceberg";
    }

    String baseUri() {
        return process.baseUri().toString();
    }

    /** {@code root:<secret>}: the Iceberg client's OAuth credential and the static key OpenLineage's api_key sends. */
    String rootCredential() {
        return ROOT_ID + ":" + rootSecret;
    }

    int kafkaPort() {
        return process.ports().kafka();
    }

    Path dataDir() {
        return work.resolve("data");
    }

    /** Scratch space beside Cairn's data directory for the client (Spark's own session warehouse). */
    Path clientDir() {
        return work.resolve("client");
    }

    CairnApi api() {
        return new CairnApi(baseUri(), rootCredential());
    }

    String logTail(int lines) {
        List<String> all = process.outputLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws IOException {
        process.close();
        // The log and data directory stay for a look after a failure; the 270 MB jar copy does not.
        Files.deleteIfExists(jar);
        System.out.println("spark.e2e: Cairn log at " + process.log());
    }
}
