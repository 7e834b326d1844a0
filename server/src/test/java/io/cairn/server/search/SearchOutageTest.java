package io.cairn.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.embedded.elasticsearch.EmbeddedElasticsearch;
import io.cairn.search.ChangeIndexer;
import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The index catches up after outages and loses nothing: (a) Elasticsearch stops while changes arrive and starts
 * again later; (b) the indexer (the consumer group member) stops and starts again. Elasticsearch here is a real node
 * that the test owns (an "external" cluster to the server, given by {@code cairn.elasticsearch.uris}), so the test
 * can stop it and start it again on the same data directory and port.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchOutageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient SLOW_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String NAMESPACE = "outage-" + UUID.randomUUID().toString().substring(0, 6);
    private static final Path DATA_DIR = tempDir("cairn-outage-test-");
    private static final Path ES_DIR = tempDir("cairn-outage-es-");
    private static final int ES_PORT = CairnTestServer.freePort();
    private static final String OLD_DATASETS_INDEX = "cairn-datasets-older-version";
    private static EmbeddedElasticsearch elasticsearch;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.data-dir", DATA_DIR::toString);
        registry.add("cairn.elasticsearch.uris", () -> {
            startElasticsearch();
            return elasticsearch.httpUri();
        });
    }

    @LocalServerPort
    int port;

    @Autowired
    ChangeIndexer indexer;

    HttpApi api;
    String token;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
    }

    @AfterAll
    static void stopElasticsearch() {
        if (elasticsearch != null) {
            elasticsearch.close();
        }
    }

    @Test
    @Order(0)
    void anIndexAnOlderVersionLeftWithAnotherAnalysisIsRebuiltAtStart() {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode progress;
        do {
            sleep(200);
            progress = api.get("/api/v1/admin/reindex", token).json();
        } while (!progress.path("status").asText().equals("DONE") && System.currentTimeMillis() < deadline);
        assertThat(progress.path("status").asText()).as(progress.toString()).isEqualTo("DONE");
        JsonNode mapping = sendToElasticsearch("GET", "/cairn-datasets/_mapping", null);
        assertThat(mapping.has(OLD_DATASETS_INDEX)).as(mapping.toString()).isFalse();
        JsonNode current = mapping.elements().next();
        assertThat(current.at("/mappings/properties/name/fields/words/analyzer").asText()).isEqualTo("cairn_words");
        // The next test indexes and searches through the rebuilt index.
    }

    @Test
    @Order(1)
    void changesMadeWhileElasticsearchIsDownAreIndexedWhenItIsBack() {
        postDatasets(0, 30);
        JsonNode before = awaitSearch("?type=DATASET&filter=namespace:" + NAMESPACE + "&limit=100", json -> json.get("totalCount").asInt() == 30);
        List<String> urns = new ArrayList<>();
        before.get("results").forEach(hit -> urns.add(hit.get("urn").asText()));

        elasticsearch.close();
        // Changes while it is down: new datasets (lineage) and governance writes on existing ones. Neo4j commits them
        // and the relay puts them on Kafka; the indexer's bulk writes fail and it keeps rewinding with backoff.
        postDatasets(30, 20);
        for (int i = 0; i < 10; i++) {
            HttpApi.Reply tagged = api.put("/api/v1/governance/entities/" + urns.get(i) + "/tags", token, "{\"tags\":[\"during-outage\"]}");
            assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
        }
        // Give the indexer time to meet the outage (its retries back off), so the restart is really a catch-up.
        sleep(3_000);

        startElasticsearch();
        JsonNode after = awaitSearch("?type=DATASET&filter=namespace:" + NAMESPACE + "&limit=1", json -> json.get("totalCount").asInt() == 50
                && facet(json, "tag", "during-outage") == 10);
        assertThat(after.get("totalCount").asInt()).isEqualTo(50);
    }

    @Test
    @Order(2)
    void aStoppedIndexerResumesFromItsCommittedOffsets() {
        awaitSearch("?type=DATASET&filter=namespace:" + NAMESPACE + "&limit=1", json -> json.get("totalCount").asInt() == 50);
        indexer.close();
        long stoppedAt = indexer.indexedSeq();
        postDatasets(50, 15);
        sleep(2_000);
        assertThat(search("?type=DATASET&filter=namespace:" + NAMESPACE + "&limit=1").get("totalCount").asInt())
                .as("a stopped indexer indexes nothing").isEqualTo(50);
        assertThat(indexer.indexedSeq()).isEqualTo(stoppedAt);

        indexer.start();
        awaitSearch("?type=DATASET&filter=namespace:" + NAMESPACE + "&limit=1", json -> json.get("totalCount").asInt() == 65);
        // The indexer moves its mark after the bulk write returns, so the documents can be searchable a moment before.
        long deadline = System.currentTimeMillis() + 30_000;
        while (indexer.indexedSeq() <= stoppedAt && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        assertThat(indexer.indexedSeq()).isGreaterThan(stoppedAt);
    }

    /** One OpenLineage batch: a COMPLETE run per dataset, writing {@code <namespace>.outage_<i>}. */
    private void postDatasets(int from, int count) {
        ArrayNode events = MAPPER.createArrayNode();
        for (int i = from; i < from + count; i++) {
            ObjectNode event = events.addObject();
            event.put("eventType", "COMPLETE").put("eventTime", "2025-03-01T10:00:00Z")
                    .put("producer", "https://example.com/outage-test")
                    .put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
            event.putObject("run").put("runId", UUID.randomUUID().toString());
            event.putObject("job").put("namespace", NAMESPACE).put("name", "load_" + i);
            event.putArray("inputs");
            event.putArray("outputs").addObject().put("namespace", NAMESPACE).put("name", "outage_" + i);
        }
        // A timeout of its own: on a loaded machine a batch can take longer than HttpApi's 60 s.
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/lineage/batch")).timeout(Duration.ofSeconds(240))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString())).build();
        try {
            // Again after a 5xx (a transaction timed out on a loaded machine), as producers do: lineage is idempotent.
            HttpResponse<String> reply = SLOW_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            for (int attempt = 1; attempt < 3 && reply.statusCode() >= 500; attempt++) {
                reply = SLOW_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            }
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonNode search(String query) {
        HttpApi.Reply reply = api.get("/api/v1/search" + query, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode awaitSearch(String query, Predicate<JsonNode> done) {
        long deadline = System.currentTimeMillis() + 180_000;
        JsonNode last = null;
        do {
            HttpApi.Reply reply = api.get("/api/v1/search" + query, token);
            if (reply.status() == 200) {
                last = reply.json();
                if (done.test(last)) {
                    return last;
                }
            }
            sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("search " + query + " did not reach the expected state; last answer: " + last);
    }

    private static int facet(JsonNode json, String facet, String value) {
        for (JsonNode bucket : json.at("/facets/" + facet)) {
            if (bucket.get("value").asText().equals(value)) {
                return bucket.get("count").asInt();
            }
        }
        return 0;
    }

    private static synchronized void startElasticsearch() {
        if (elasticsearch == null) {
            elasticsearch = EmbeddedElasticsearch.start(ES_DIR, "127.0.0.1", ES_PORT);
            createIndexOfAnOlderVersion();
        } else if (isClosed()) {
            elasticsearch = EmbeddedElasticsearch.start(ES_DIR, "127.0.0.1", ES_PORT);
        }
    }

    /**
     * The datasets alias as an earlier Cairn left it: names split into words by the {@code simple} analyzer, a change
     * Elasticsearch cannot make to an existing index.
     */
    private static void createIndexOfAnOlderVersion() {
        try (var in = SearchOutageTest.class.getResourceAsStream("/io/cairn/search/index.json")) {
            String definition = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"analyzer\": \"cairn_words\"", "\"analyzer\": \"simple\"");
            assertThat(definition).doesNotContain("\"analyzer\": \"cairn_words\"");
            sendToElasticsearch("PUT", "/" + OLD_DATASETS_INDEX, definition);
            sendToElasticsearch("POST", "/_aliases",
                    "{\"actions\":[{\"add\":{\"index\":\"" + OLD_DATASETS_INDEX + "\",\"alias\":\"cairn-datasets\"}}]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sendToElasticsearch(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(elasticsearch.httpUri() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> reply = SLOW_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(method + " " + path + ": " + reply.body()).isEqualTo(200);
            return MAPPER.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean isClosed() {
        try (var socket = new java.net.Socket("127.0.0.1", ES_PORT)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
