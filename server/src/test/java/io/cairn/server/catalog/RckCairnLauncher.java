package io.cairn.server.catalog;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    private CairnProcess cairn;
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
        try {
            cairn.stop(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // The log and data directory stay for a look after a failure; the 270 MB jar copy does not.
            Files.deleteIfExists(privateJar);
        } catch (IOException e) {
            System.out.println("iceberg.rck: could not delete " + privateJar + ": " + e.getMessage());
        }
        System.out.println("iceberg.rck: Cairn log at " + cairn.log());
    }

    private void start() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("cairn-rck-");
        privateJar = CairnJar.privateCopy(work);
        String secret = UUID.randomUUID().toString();
        CairnPorts ports = CairnPorts.free();
        cairn = CairnProcess.start(privateJar, work.resolve("data"), ports, Map.of("CAIRN_ROOT_CREDENTIAL", "root:" + secret),
                List.of("-Xmx1g"), work.resolve("cairn.log"));
        Duration healthy = cairn.awaitHealthy(Duration.ofSeconds(180));
        System.out.printf("iceberg.rck: Cairn healthy on port %d after %.1f s (data in %s)%n", ports.http(),
                healthy.toMillis() / 1000.0, work);
        // The kit's client reads its catalog properties from unprefixed system properties.
        System.setProperty("uri", cairn.baseUri() + "/iceberg");
        System.setProperty("credential", "root:" + secret);
        System.setProperty("warehouse", "default");
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
