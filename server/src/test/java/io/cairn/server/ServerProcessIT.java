package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, for real: the built jar started as its own process with embedded backends, checked
 * over HTTP, stopped with SIGTERM and started again on the same data directory.
 */
class ServerProcessIT {

    private static final Pattern GENERATED_ROOT = Pattern.compile("Generated the root credential (\\S+):(\\S+)");

    @TempDir
    Path work;

    @Test
    void startsWithRealBackendsKeepsDataAcrossRestartsAndStopsCleanly() throws Exception {
        Path dataDir = work.resolve("data");
        Ports ports = Ports.free();

        CairnProcess first = CairnProcess.start(dataDir, ports, Map.of(), work.resolve("first.log"));
        Duration startTime = first.awaitHealthy(Duration.ofSeconds(150));
        long rssMb = first.rssMegabytes();
        System.out.printf("cairn.start: healthy (neo4j, elasticsearch, kafka UP) after %.1f s; RSS %d MB%n",
                startTime.toMillis() / 1000.0, rssMb);

        Matcher generated = GENERATED_ROOT.matcher(first.output());
        assertThat(generated.find()).as("the first start prints the generated root credential").isTrue();
        String rootId = generated.group(1);
        String rootSecret = generated.group(2);

        HttpApi api = new HttpApi("http://127.0.0.1:" + ports.http());
        assertThat(api.get("/api/v1/audit", null).status()).isEqualTo(401);
        assertThat(api.get("/iceberg/v1/config", null).status()).isEqualTo(401);
        HttpApi.Reply icebergToken = api.post("/iceberg/v1/oauth/tokens", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + rootId + "&client_secret=" + HttpApi.encode(rootSecret));
        assertThat(icebergToken.status()).isEqualTo(200);
        String token = icebergToken.json().get("access_token").asText();

        String urn = "urn:cairn:dataset:" + UUID.randomUUID();
        String path = "/api/v1/entities/" + urn + "/aspects/description";
        assertThat(api.put(path, token, "{\"text\":\"first\"}").status()).isEqualTo(200);
        assertThat(api.put(path, token, "{\"text\":\"second\"}").status()).isEqualTo(200);

        // A second Cairn on the same data directory stops at once with one line.
        CairnProcess intruder = CairnProcess.start(dataDir, Ports.free(), Map.of(), work.resolve("intruder.log"));
        assertThat(intruder.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(intruder.outputLines()).hasSize(1);
        assertThat(intruder.output()).contains("is in use by another Cairn process");

        // So does one whose HTTP port is taken.
        Ports clash = Ports.free().withHttp(ports.http());
        CairnProcess clashing = CairnProcess.start(work.resolve("other-data"), clash, Map.of(), work.resolve("clash.log"));
        assertThat(clashing.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(clashing.outputLines()).hasSize(1);
        assertThat(clashing.output()).contains("port " + ports.http() + " (Cairn HTTP) is already in use");

        Duration stopTime = first.stop(Duration.ofSeconds(60));
        System.out.printf("cairn.stop: exited %.1f s after SIGTERM%n", stopTime.toMillis() / 1000.0);
        assertThat(ports.allFree()).as("every port is released").isTrue();

        CairnProcess second = CairnProcess.start(dataDir, ports, Map.of(), work.resolve("second.log"));
        Duration restartTime = second.awaitHealthy(Duration.ofSeconds(150));
        System.out.printf("cairn.restart: healthy after %.1f s on the same data directory%n", restartTime.toMillis() / 1000.0);
        assertThat(GENERATED_ROOT.matcher(second.output()).find()).as("the root credential is shown only once").isFalse();
        String again = api.token(rootId, rootSecret);
        JsonNode v1 = api.get(path + "?version=1", again).json();
        JsonNode v2 = api.get(path + "?version=2", again).json();
        assertThat(v1.at("/value/text").asText()).isEqualTo("first");
        assertThat(v2.at("/value/text").asText()).isEqualTo("second");
        assertThat(api.get("/api/v1/audit?urn=" + urn, again).json().get("events")).hasSize(2);
        second.stop(Duration.ofSeconds(60));
        assertThat(ports.allFree()).isTrue();
    }

    @Test
    void externalBackendsReplaceTheEmbeddedOnes() throws Exception {
        Path external = work.resolve("external");
        Path dataDir = work.resolve("data");
        try (var neo4j = io.cairn.embedded.neo4j.EmbeddedNeo4j.start(external.resolve("neo4j"), "127.0.0.1", Ports.port());
             var kafka = io.cairn.embedded.kafka.EmbeddedKafka.start(external.resolve("kafka"), "127.0.0.1", Ports.port(), Ports.port());
             var elasticsearch = io.cairn.embedded.elasticsearch.EmbeddedElasticsearch.start(external.resolve("elasticsearch"), "127.0.0.1", 0)) {
            Ports ports = Ports.free();
            CairnProcess cairn = CairnProcess.start(dataDir, ports, Map.of(
                    "CAIRN_NEO4J_URI", neo4j.boltUri(),
                    "CAIRN_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "CAIRN_ELASTICSEARCH_URIS", elasticsearch.httpUri(),
                    "CAIRN_ROOT_CREDENTIAL", "ops:external-secret"), work.resolve("external.log"));
            try {
                cairn.awaitHealthy(Duration.ofSeconds(150));
                HttpApi api = new HttpApi("http://127.0.0.1:" + ports.http());
                String token = api.token("ops", "external-secret");
                String urn = "urn:cairn:dataset:" + UUID.randomUUID();
                assertThat(api.put("/api/v1/entities/" + urn + "/aspects/description", token, "{\"text\":\"external\"}").status()).isEqualTo(200);
                assertThat(cairn.output()).doesNotContain("Embedded backends started").doesNotContain("Generated the root credential");
                for (String backend : List.of("neo4j", "kafka", "elasticsearch")) {
                    assertThat(dataDir.resolve(backend)).as("no embedded %s", backend).doesNotExist();
                }
                assertThat(ports.embeddedFree()).as("no embedded backend listens").isTrue();
            } finally {
                cairn.stop(Duration.ofSeconds(60));
            }
        }
    }

    /** The ports one Cairn process uses. */
    record Ports(int http, int neo4j, int elasticsearch, int kafka, int kafkaController) {
        static Ports free() {
            return new Ports(port(), port(), port(), port(), port());
        }

        Ports withHttp(int port) {
            return new Ports(port, neo4j, elasticsearch, kafka, kafkaController);
        }

        boolean allFree() {
            return List.of(http, neo4j, elasticsearch, kafka, kafkaController).stream().allMatch(Ports::canBind);
        }

        boolean embeddedFree() {
            return List.of(neo4j, elasticsearch, kafka, kafkaController).stream().allMatch(Ports::canBind);
        }

        static int port() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean canBind(int port) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    static final class CairnProcess {
        private final Process process;
        private final Path log;
        private final Instant started = Instant.now();
        private final HttpApi api;

        private CairnProcess(Process process, Path log, int httpPort) {
            this.process = process;
            this.log = log;
            this.api = new HttpApi("http://127.0.0.1:" + httpPort);
        }

        static CairnProcess start(Path dataDir, Ports ports, Map<String, String> extraEnv, Path log) throws IOException {
            String jar = System.getProperty("cairn.server.jar");
            assertThat(jar).as("cairn.server.jar system property").isNotNull();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("CAIRN_"));
            Map<String, String> cairn = new HashMap<>();
            cairn.put("CAIRN_DATA_DIR", dataDir.toString());
            cairn.put("CAIRN_PORT", Integer.toString(ports.http()));
            cairn.put("CAIRN_EMBEDDED_NEO4J_PORT", Integer.toString(ports.neo4j()));
            cairn.put("CAIRN_EMBEDDED_ELASTICSEARCH_PORT", Integer.toString(ports.elasticsearch()));
            cairn.put("CAIRN_EMBEDDED_KAFKA_PORT", Integer.toString(ports.kafka()));
            cairn.put("CAIRN_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(ports.kafkaController()));
            cairn.putAll(extraEnv);
            env.putAll(cairn);
            return new CairnProcess(builder.start(), log, ports.http());
        }

        Duration awaitHealthy(Duration timeout) throws InterruptedException {
            Instant deadline = started.plus(timeout);
            String last = "";
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("Cairn exited with " + process.exitValue() + ":\n" + output());
                }
                try {
                    HttpApi.Reply health = api.get("/actuator/health", null);
                    last = health.body();
                    if (health.status() == 200 && "UP".equals(health.json().get("status").asText())) {
                        JsonNode json = health.json();
                        for (String backend : List.of("neo4j", "elasticsearch", "kafka")) {
                            assertThat(json.at("/components/" + backend + "/status").asText()).as(backend).isEqualTo("UP");
                        }
                        return Duration.between(started, Instant.now());
                    }
                } catch (UncheckedIOException notYetListening) {
                    // The HTTP port opens once the backends are up.
                }
                Thread.sleep(250);
            }
            throw new AssertionError("Cairn was not healthy within " + timeout + "; last health: " + last + "\n" + output());
        }

        long rssMegabytes() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Cairn did not exit within " + timeout + ":\n" + output());
            }
            return process.exitValue();
        }

        /** SIGTERM, as Ctrl-C or a service manager sends; returns how long the exit took. */
        Duration stop(Duration timeout) throws InterruptedException {
            List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
            Instant asked = Instant.now();
            process.destroy();
            awaitExit(timeout);
            assertThat(children.stream().filter(ProcessHandle::isAlive).toList()).as("no process left behind").isEmpty();
            return Duration.between(asked, Instant.now());
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }

        List<String> outputLines() {
            return output().lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
