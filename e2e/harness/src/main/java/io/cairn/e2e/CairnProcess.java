package io.cairn.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cairn started from its jar as its own process, the way the README's first command starts it. The environment is
 * cleared of {@code CAIRN_*} variables inherited from the build so that only what a test passes applies.
 */
public final class CairnProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final CairnPorts ports;
    private final Instant started;

    private CairnProcess(Process process, Path log, CairnPorts ports, Instant started) {
        this.process = process;
        this.log = log;
        this.ports = ports;
        this.started = started;
    }

    /**
     * Starts Cairn. {@code environment} adds to (and may override) the data directory and port settings;
     * {@code jvmOptions} go before {@code -jar}.
     */
    public static CairnProcess start(Path jar, Path dataDir, CairnPorts ports, Map<String, String> environment,
                                     List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("CAIRN_"));
        env.put("CAIRN_DATA_DIR", dataDir.toString());
        env.putAll(ports.environment());
        env.putAll(environment);
        Instant started = Instant.now();
        Process process = builder.start();
        CairnProcess cairn = new CairnProcess(process, log, ports, started);
        // A test JVM killed mid-run must not leave Cairn (and its backends) running.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return cairn;
    }

    public CairnPorts ports() {
        return ports;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + ports.http());
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until {@code /actuator/health} answers 200 (every backend UP); returns the time since the start. */
    public Duration awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = started.plus(timeout);
        String last = "(no answer)";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cairn exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                last = health.statusCode() + " " + health.body();
                if (health.statusCode() == 200) {
                    return Duration.between(started, Instant.now());
                }
            } catch (IOException notYetListening) {
                // The HTTP port opens once the backends are up.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Cairn was not healthy within " + timeout + "; last health: " + last + "\n" + output());
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Cairn did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /**
     * SIGTERM, as Ctrl-C or a service manager sends; returns how long the exit took. Fails if a child process
     * outlives Cairn.
     */
    public Duration stop(Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return Duration.ZERO;
        }
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        Instant asked = Instant.now();
        process.destroy();
        awaitExit(timeout);
        List<ProcessHandle> left = children.stream().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes left behind by Cairn: " + left);
        }
        return Duration.between(asked, Instant.now());
    }

    /** Resident memory of the Cairn JVM (Linux). */
    public long rssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    public Path log() {
        return log;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public List<String> outputLines() {
        return output().lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
