package io.cairn.server.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * For the Iceberg REST Compatibility Kit run (failsafe execution {@code iceberg-rck}, {@code -Dcairn.rck=true}):
 * starts the built Cairn jar as its own process on free ports and a fresh data directory (the kit needs a catalog
 * without {@code ns}, {@code newdb}, ...), points the kit's client at it through the unprefixed system properties
 * the kit reads, prints the tally and stops Cairn when the session ends. Does nothing in any other test run.
 */
public final class RckCairnLauncher implements LauncherSessionListener {

    private Process cairn;
    private Path log;
    private Path privateJar;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("cairn.rck")) {
            return;
        }
        try {
            start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        session.getLauncher().registerTestExecutionListeners(new Tally());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (cairn == null) {
            return;
        }
        cairn.destroy();
        try {
            if (!cairn.waitFor(60, TimeUnit.SECONDS)) {
                cairn.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cairn.destroyForcibly();
        }
        try {
            // The log and data directory stay for a look after a failure; the 270 MB jar copy does not.
            Files.deleteIfExists(privateJar);
        } catch (IOException e) {
            System.out.println("iceberg.rck: could not delete " + privateJar + ": " + e.getMessage());
        }
        System.out.println("iceberg.rck: Cairn log at " + log);
    }

    private void start() throws IOException, InterruptedException {
        String jar = System.getProperty("cairn.server.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("cairn.server.jar does not name the built jar: " + jar);
        }
        Path work = Files.createTempDirectory("cairn-rck-");
        log = work.resolve("cairn.log");
        // A private copy: a build running beside this one may repackage target/cairn-server.jar mid-run.
        privateJar = Files.copy(Path.of(jar), work.resolve("cairn-server.jar"));
        int http = freePort();
        String secret = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", privateJar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("CAIRN_"));
        env.put("CAIRN_DATA_DIR", work.resolve("data").toString());
        env.put("CAIRN_PORT", Integer.toString(http));
        env.put("CAIRN_ROOT_CREDENTIAL", "root:" + secret);
        env.put("CAIRN_EMBEDDED_NEO4J_PORT", Integer.toString(freePort()));
        env.put("CAIRN_EMBEDDED_ELASTICSEARCH_PORT", Integer.toString(freePort()));
        env.put("CAIRN_EMBEDDED_KAFKA_PORT", Integer.toString(freePort()));
        env.put("CAIRN_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
        Instant started = Instant.now();
        cairn = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cairn.destroyForcibly()));
        awaitHealthy(http, Duration.ofSeconds(180));
        System.out.printf("iceberg.rck: Cairn healthy on port %d after %.1f s (data in %s)%n", http,
                Duration.between(started, Instant.now()).toMillis() / 1000.0, work);
        // The kit's client reads its catalog properties from unprefixed system properties.
        System.setProperty("uri", "http://127.0.0.1:" + http + "/iceberg");
        System.setProperty("credential", "root:" + secret);
        System.setProperty("warehouse", "default");
    }

    private void awaitHealthy(int port, Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!cairn.isAlive()) {
                throw new IllegalStateException("Cairn exited with " + cairn.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The HTTP port opens once the backends are up.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Cairn was not healthy within " + timeout + ":\n" + Files.readString(log));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the kit's tests (not containers) and prints the tally at the end. */
    private static final class Tally implements TestExecutionListener {
        private final AtomicInteger passed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();
        private final AtomicInteger aborted = new AtomicInteger();

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            if (test.isTest()) {
                skipped.incrementAndGet();
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed.incrementAndGet();
                case FAILED -> {
                    failed.incrementAndGet();
                    System.out.println("iceberg.rck: FAILED " + test.getDisplayName() + " in " + test.getParentId().orElse("")
                            + ": " + result.getThrowable().map(Throwable::toString).orElse(""));
                }
                case ABORTED -> aborted.incrementAndGet();
            }
        }

        @Override
        public void testPlanExecutionFinished(TestPlan plan) {
            System.out.printf("iceberg.rck: tally passed=%d failed=%d skipped=%d aborted=%d%n",
                    passed.get(), failed.get(), skipped.get(), aborted.get());
        }
    }
}
