package io.cairn.server.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read timeout, configured as an operator would ({@code CAIRN_LINEAGE_READ_TIMEOUT}), is answered with its own
 * error: 503 {@code LineageQueryTimeout} in the problem shape, distinct from an outage or a bad request. Writes are not
 * bound by it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LineageReadTimeoutTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.lineage.read.timeout", () -> "1ms");
        registry.add("cairn.lineage.kafka.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void readsOnABigGraphPastTheLimitAre503LineageQueryTimeout() throws Exception {
        HttpApi api = new HttpApi("http://127.0.0.1:" + port);
        String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        // A chain of 30 datasets with 40 columns each: 1,160 column edges, deep enough that every read takes many hops.
        StringBuilder ndjson = new StringBuilder();
        for (int d = 1; d < 30; d++) {
            StringBuilder fields = new StringBuilder();
            for (int c = 0; c < 40; c++) {
                fields.append(c == 0 ? "" : ",").append("\"c%d\":{\"inputFields\":[{\"namespace\":\"big\",\"name\":\"d%d\",\"field\":\"c%d\"}]}"
                        .formatted(c, d - 1, c));
            }
            ndjson.append(("{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-21T09:00:00Z\",\"producer\":\"https://example.com/t\","
                    + "\"run\":{\"runId\":\"%s\"},\"job\":{\"namespace\":\"big\",\"name\":\"step%d\"},\"inputs\":[{\"namespace\":\"big\",\"name\":\"d%d\"}],"
                    + "\"outputs\":[{\"namespace\":\"big\",\"name\":\"d%d\",\"facets\":{\"columnLineage\":{\"fields\":{%s}}}}]}\n")
                    .formatted(UUID.randomUUID(), d, d - 1, d, fields));
        }
        // A longer wait than HttpApi's: the write may queue behind other writers on a loaded machine.
        java.net.http.HttpResponse<String> ingest = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(api.base() + "/api/v1/lineage/batch")).timeout(java.time.Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

        for (String path : new String[] {
                "/api/v1/column-lineage?nodeId=" + HttpApi.encode("dataset:big:d29") + "&depth=20&withDownstream=true",
                "/api/v1/lineage?nodeId=" + HttpApi.encode("dataset:big:d0") + "&depth=20",
                "/api/v1/lineage/impact?column=" + HttpApi.encode("datasetField:big:d0:c0") + "&depth=20",
                "/api/v1/lineage/upstream?nodeId=" + HttpApi.encode("dataset:big:d29") + "&depth=20",
                "/api/v1/namespaces/big/jobs"}) {
            HttpApi.Reply reply = api.get(path, token);
            assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            assertThat(reply.json().get("title").asText()).isEqualTo("LineageQueryTimeout");
            assertThat(reply.json().get("detail").asText()).contains("limit of 1 ms");
        }
        // Writes are not reads: ingest keeps working under the read limit.
        String one = ndjson.toString().lines().findFirst().orElseThrow().replaceAll("\"runId\":\"[^\"]+\"", "\"runId\":\"" + UUID.randomUUID() + "\"");
        assertThat(api.post("/api/v1/lineage", token, "application/json", one).status()).isEqualTo(201);
    }
}
