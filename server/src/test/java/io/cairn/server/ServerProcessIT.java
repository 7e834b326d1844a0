package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        CairnPorts ports = CairnPorts.free();

        CairnProcess first = start(dataDir, ports, Map.of(), work.resolve("first.log"));
        Duration startTime = first.awaitHealthy(Duration.ofSeconds(150));
        HttpApi api = new HttpApi("http://127.0.0.1:" + ports.http());
        assertBackendsUp(api);
        long rssMb = first.rssMegabytes();
        System.out.printf("cairn.start: healthy (neo4j, elasticsearch, kafka UP) after %.1f s; RSS %d MB%n",
                startTime.toMillis() / 1000.0, rssMb);

        Matcher generated = GENERATED_ROOT.matcher(first.output());
        assertThat(generated.find()).as("the first start prints the generated root credential").isTrue();
        String rootId = generated.group(1);
        String rootSecret = generated.group(2);

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
        CairnProcess intruder = start(dataDir, CairnPorts.free(), Map.of(), work.resolve("intruder.log"));
        assertThat(intruder.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(intruder.outputLines()).hasSize(1);
        assertThat(intruder.output()).contains("is in use by another Cairn process");

        // So does one whose HTTP port is taken.
        CairnPorts clash = CairnPorts.free().withHttp(ports.http());
        CairnProcess clashing = start(work.resolve("other-data"), clash, Map.of(), work.resolve("clash.log"));
        assertThat(clashing.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(clashing.outputLines()).hasSize(1);
        assertThat(clashing.output()).contains("port " + ports.http() + " (Cairn HTTP) is already in use");

        Duration stopTime = first.stop(Duration.ofSeconds(60));
        System.out.printf("cairn.stop: exited %.1f s after SIGTERM%n", stopTime.toMillis() / 1000.0);
        assertThat(ports.allFree()).as("every port is released").isTrue();

        CairnProcess second = start(dataDir, ports, Map.of(), work.resolve("second.log"));
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
        try (var neo4j = io.cairn.embedded.neo4j.EmbeddedNeo4j.start(external.resolve("neo4j"), "127.0.0.1", CairnPorts.freePort());
             var kafka = io.cairn.embedded.kafka.EmbeddedKafka.start(external.resolve("kafka"), "127.0.0.1", CairnPorts.freePort(), CairnPorts.freePort());
             var elasticsearch = io.cairn.embedded.elasticsearch.EmbeddedElasticsearch.start(external.resolve("elasticsearch"), "127.0.0.1", 0)) {
            CairnPorts ports = CairnPorts.free();
            CairnProcess cairn = start(dataDir, ports, Map.of(
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

    private static CairnProcess start(Path dataDir, CairnPorts ports, Map<String, String> env, Path log) throws IOException {
        return CairnProcess.start(CairnJar.fromSystemProperty(), dataDir, ports, env, List.of(), log);
    }

    /** Health answers 200 only when every backend is UP; this also names them, so a missing indicator fails. */
    private static void assertBackendsUp(HttpApi api) {
        JsonNode health = api.get("/actuator/health", null).json();
        for (String backend : List.of("neo4j", "elasticsearch", "kafka")) {
            assertThat(health.at("/components/" + backend + "/status").asText()).as(backend).isEqualTo("UP");
        }
    }
}
