package io.cairn.server.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.store.GraphStore;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
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
 * Governance beyond the plain writes, against the real server and its embedded Neo4j, Kafka and Elasticsearch:
 * data quality from OpenLineage corpus events (results, health, freshness, idempotent replays, a late old run),
 * the aspect registry, bad input to every governance write (4xx problem+json, no aspect version moves), rename
 * propagation into search, and the cluster-wide rebuild lock.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceQualityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient SLOW_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Path CORPUS = locateCorpus();
    private static final String NAMESPACE = "gq" + UUID.randomUUID().toString().substring(0, 6);
    private static final Path DATA_DIR = createDataDir();
    private static final String TABLE = "registry_" + UUID.randomUUID().toString().substring(0, 6);
    private static String tableUrn;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    GraphStore graph;

    HttpApi api;
    String token;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
    }

    @Test
    @Order(1)
    void dbtTestEventsBecomeResultsAndAFailingHealthFacet() {
        // dbt's test run: four datasets, two of them with failing assertions (FAIL events), posted as one batch.
        byte[] dbt = corpus("_concretized/dbt/test__result.json");
        assertThat(post("/api/v1/lineage/batch", dbt).status()).isEqualTo(200);

        JsonNode failing = awaitSearch("?filter=platform:bigquery&filter=health:failing&limit=10",
                json -> json.get("totalCount").asInt() == 2);
        assertThat(names(failing)).containsExactlyInAnyOrder("test_first_dbt_model", "test_second_dbt_model");
        JsonNode all = search("?filter=platform:bigquery&limit=1");
        assertThat(facet(all, "health", "failing")).isEqualTo(2);
        assertThat(facet(all, "health", "passing")).isGreaterThanOrEqualTo(2);

        String first = urnOf("test_first_dbt_model");
        JsonNode quality = quality(first);
        assertThat(quality.get("health").asText()).isEqualTo("failing");
        assertThat(quality.at("/latestRun/runId").asText()).isEqualTo("c11f2efd-4415-45fc-8081-10d2aaa594d2");
        Map<String, Boolean> outcomes = new TreeMap<>();
        quality.at("/latestRun/results").forEach(r -> outcomes.put(r.get("assertion").asText(), r.get("success").asBoolean()));
        assertThat(outcomes).containsEntry("expect_column_quantile_values_to_be_between:id", false)
                .containsEntry("expect_column_values_to_not_be_null:id", true)
                .containsEntry("not_null:id", true);
        List<String> kinds = new ArrayList<>();
        quality.get("assertions").forEach(a -> kinds.add(a.get("id").asText() + "=" + a.get("kind").asText()));
        assertThat(kinds).contains("not_null:id=NOT_NULL", "expect_column_quantile_values_to_be_between:id=RANGE");
        assertThat(quality.get("runs")).hasSize(1);
        assertThat(quality.at("/runs/0/failures").asInt()).isEqualTo(3); // quantile, median and unique

        // The results are also plain aspects, readable through the entity API (the aspect registry knows them).
        HttpApi.Reply aspect = api.get("/api/v1/entities/" + first + "/aspects/qualityResults", token);
        assertThat(aspect.status()).as(aspect.body()).isEqualTo(200);
        long resultsVersion = aspect.json().get("version").asLong();
        long assertionsVersion = api.get("/api/v1/entities/" + first + "/aspects/qualityAssertions", token).json().get("version").asLong();
        int auditBefore = api.get("/api/v1/audit?urn=" + first + "&limit=200", token).json().get("events").size();

        // Replaying the same events (at-least-once producers do) changes nothing: keyed by run + assertion.
        assertThat(post("/api/v1/lineage/batch", dbt).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/entities/" + first + "/aspects/qualityResults", token).json().get("version").asLong())
                .isEqualTo(resultsVersion);
        assertThat(api.get("/api/v1/entities/" + first + "/aspects/qualityAssertions", token).json().get("version").asLong())
                .isEqualTo(assertionsVersion);
        assertThat(api.get("/api/v1/audit?urn=" + first + "&limit=200", token).json().get("events").size()).isEqualTo(auditBefore);
        assertThat(quality(first).get("runs")).hasSize(1);

        // A late event of an OLDER run that passed goes into the history but cannot make the health stale.
        ObjectNode old = (ObjectNode) readJson(dbt).get(9).deepCopy();
        assertThat(old.at("/job/name").asText()).contains("test_first_dbt_model");
        old.put("eventType", "COMPLETE").put("eventTime", "2021-08-24T11:00:00Z");
        ((ObjectNode) old.get("run")).put("runId", UUID.randomUUID().toString());
        for (JsonNode assertion : old.at("/inputs/0/inputFacets/dataQualityAssertions/assertions")) {
            ((ObjectNode) assertion).put("success", true);
        }
        assertThat(post("/api/v1/lineage", json(old)).status()).isEqualTo(201);
        JsonNode afterLate = quality(first);
        assertThat(afterLate.get("runs")).hasSize(2);
        assertThat(afterLate.get("health").asText()).isEqualTo("failing");
        assertThat(afterLate.at("/latestRun/runId").asText()).isEqualTo("c11f2efd-4415-45fc-8081-10d2aaa594d2");

        // A NEWER passing run turns it green, in search too.
        ObjectNode fixed = old.deepCopy();
        fixed.put("eventTime", "2021-08-26T11:00:00Z");
        ((ObjectNode) fixed.get("run")).put("runId", UUID.randomUUID().toString());
        assertThat(post("/api/v1/lineage", json(fixed)).status()).isEqualTo(201);
        assertThat(quality(first).get("health").asText()).isEqualTo("passing");
        awaitSearch("?filter=platform:bigquery&filter=health:failing", json -> json.get("totalCount").asInt() == 1);
    }

    @Test
    @Order(2)
    void metricsAndACompleteRunGiveProfileAndFreshness() {
        // Marquez's full test event: dataQualityMetrics + dataQualityAssertions on an input, and the run COMPLETEs
        // writing the same dataset.
        assertThat(post("/api/v1/lineage", corpus("marquez/api-test-events/event_full.json")).status()).isEqualTo(201);
        JsonNode hit = awaitSearch("?q=instance.schema.table&filter=namespace:my-datasource-namespace",
                json -> json.get("totalCount").asInt() >= 1 && json.at("/results/0/lastSuccessfulWrite").isTextual());
        assertThat(hit.at("/results/0/lastSuccessfulWrite").asText()).isEqualTo("2020-12-28T19:51:01.641Z");
        assertThat(hit.at("/results/0/health").asText()).isEqualTo("passing");
        String urn = hit.at("/results/0/urn").asText();
        JsonNode quality = quality(urn);
        assertThat(quality.at("/freshness/lastSuccessfulWrite").asText()).isEqualTo("2020-12-28T19:51:01.641Z");
        assertThat(quality.at("/freshness/runId").asText()).isEqualTo("ea041791-68bc-4ae1-bd89-4c8106a157e4");
        Map<String, String> metrics = new TreeMap<>();
        quality.at("/metrics/metrics").forEach(m -> metrics.put(m.get("name").asText(), m.get("value").asText()));
        assertThat(metrics).containsEntry("rowCount", "1000").containsEntry("bytes", "1048576");

        // An older COMPLETE run does not move freshness back.
        ObjectNode older = (ObjectNode) readJson(corpus("marquez/api-test-events/event_full.json"));
        older.put("eventTime", "2020-01-01T00:00:00Z");
        ((ObjectNode) older.get("run")).put("runId", UUID.randomUUID().toString());
        assertThat(post("/api/v1/lineage", json(older)).status()).isEqualTo(201);
        assertThat(quality(urn).at("/freshness/lastSuccessfulWrite").asText()).isEqualTo("2020-12-28T19:51:01.641Z");
    }

    @Test
    @Order(3)
    void catalogAndGovernanceAspectsAreReadableAndOnlyTheirOwnApiWritesThem() {
        String table = TABLE;
        try (RESTCatalog catalog = new RESTCatalog()) {
            catalog.initialize("cairn", Map.of("uri", "http://127.0.0.1:" + port + "/iceberg",
                    "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
            catalog.createNamespace(Namespace.of(NAMESPACE));
            catalog.createTable(TableIdentifier.of(NAMESPACE, table), new Schema(
                    Types.NestedField.required(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(2, "amount", Types.DoubleType.get())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String urn = awaitSearch("?q=" + table, json -> json.get("totalCount").asInt() >= 1).at("/results/0/urn").asText();
        tableUrn = urn;
        HttpApi.Reply schema = api.get("/api/v1/entities/" + urn + "/aspects/schema", token);
        assertThat(schema.status()).as(schema.body()).isEqualTo(200);
        assertThat(schema.json().at("/value/schema").toString()).contains("amount");
        assertThat(api.get("/api/v1/entities/" + urn + "/aspects/currentSnapshot", token).status()).isIn(200, 404);
        assertThat(api.get("/api/v1/entities/" + urn + "/aspects/schemaField", token).status()).isEqualTo(400);

        assertThat(api.put("/api/v1/governance/entities/" + urn + "/tags", token, "{\"tags\":[\"pii\"]}").status()).isEqualTo(200);
        HttpApi.Reply tags = api.get("/api/v1/entities/" + urn + "/aspects/tags", token);
        assertThat(tags.status()).as(tags.body()).isEqualTo(200);
        assertThat(tags.json().at("/value/tags/0").asText()).isEqualTo("pii");

        // The generic entity API cannot bypass the catalog's compare-and-swap or governance's reference checks.
        HttpApi.Reply schemaWrite = api.put("/api/v1/entities/" + urn + "/aspects/schema", token, "{}");
        assertThat(schemaWrite.status()).isEqualTo(405);
        assertThat(schemaWrite.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        HttpApi.Reply termsWrite = api.put("/api/v1/entities/" + urn + "/aspects/glossaryTerms", token,
                "{\"terms\":[\"urn:cairn:term:does-not-exist\"]}");
        assertThat(termsWrite.status()).isEqualTo(405);
        assertThat(api.get("/api/v1/entities/" + urn + "/aspects/glossaryTerms", token).status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void badInputToEveryGovernanceWriteIs4xxAndChangesNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String dataset = urnOf("test_third_dbt_model");
        String base = "/api/v1/governance/entities/" + dataset + "/";
        assertThat(api.put("/api/v1/glossary/terms/parent-" + suffix, token, "{\"name\":\"Parent\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/glossary/terms/child-" + suffix, token,
                "{\"name\":\"Child\",\"parent\":\"urn:cairn:term:parent-" + suffix + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/domains/top-" + suffix, token, "{\"name\":\"Top\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/domains/sub-" + suffix, token,
                "{\"name\":\"Sub\",\"parent\":\"urn:cairn:domain:top-" + suffix + "\"}").status()).isEqualTo(200);
        assertThat(api.put(base + "description", token, "{\"text\":\"before\"}").status()).isEqualTo(200);
        assertThat(api.put(base + "glossaryTerms", token, "{\"terms\":[\"urn:cairn:term:child-" + suffix + "\"]}").status()).isEqualTo(200);
        String term = "urn:cairn:term:parent-" + suffix;
        String childTerm = "urn:cairn:term:child-" + suffix;
        String domain = "urn:cairn:domain:top-" + suffix;
        String subDomain = "urn:cairn:domain:sub-" + suffix;
        List<String> watched = List.of(dataset, term, childTerm, domain, subDomain);
        Map<String, Map<String, Long>> before = versions(watched);

        String unknownDataset = "urn:cairn:dataset:" + UUID.randomUUID();
        String unknownBase = "/api/v1/governance/entities/" + unknownDataset + "/";
        String owners = "{\"owners\":[{\"owner\":\"urn:cairn:principal:user:ann\",\"type\":\"DATA_STEWARD\"}]}";
        String run = "{\"runId\":\"r\",\"at\":\"2025-01-31T12:00:00Z\",\"results\":[]}";
        List<BadWrite> bad = List.of(
                // unknown URN, for every entity write
                put(unknownBase + "description", "{\"text\":\"x\"}", 404),
                put(unknownBase + "ownership", owners, 404),
                put(unknownBase + "tags", "{\"tags\":[\"x\"]}", 404),
                put(unknownBase + "glossaryTerms", "{\"terms\":[]}", 404),
                put(unknownBase + "domain", "{\"domain\":null}", 404),
                put(unknownBase + "deprecation", "{\"deprecated\":true}", 404),
                put(unknownBase + "qualityAssertions", "{\"assertions\":[]}", 404),
                post(unknownBase + "qualityResults", run, 404),
                put("/api/v1/governance/entities/not-a-urn/tags", "{\"tags\":[\"x\"]}", 400),
                // unknown references
                put(base + "glossaryTerms", "{\"terms\":[\"" + term + "\",\"urn:cairn:term:missing-" + suffix + "\"]}", 404),
                put(base + "glossaryTerms", "{\"terms\":[\"urn:cairn:domain:top-" + suffix + "\"]}", 400),
                put(base + "domain", "{\"domain\":\"urn:cairn:domain:missing-" + suffix + "\"}", 404),
                put("/api/v1/glossary/terms/orphan-" + suffix, "{\"name\":\"Orphan\",\"parent\":\"urn:cairn:term:missing-" + suffix + "\"}", 404),
                put("/api/v1/domains/orphan-" + suffix, "{\"name\":\"Orphan\",\"parent\":\"urn:cairn:domain:missing-" + suffix + "\"}", 404),
                // cycles
                put("/api/v1/glossary/terms/parent-" + suffix, "{\"name\":\"Parent\",\"parent\":\"" + childTerm + "\"}", 400),
                put("/api/v1/glossary/terms/parent-" + suffix, "{\"name\":\"Parent\",\"parent\":\"" + term + "\"}", 400),
                put("/api/v1/domains/top-" + suffix, "{\"name\":\"Top\",\"parent\":\"" + subDomain + "\"}", 400),
                put("/api/v1/domains/top-" + suffix, "{\"name\":\"Top\",\"parent\":\"" + domain + "\"}", 400),
                // oversize
                put(base + "description", "{\"text\":\"" + "x".repeat(70_000) + "\"}", 400),
                put("/api/v1/glossary/terms/parent-" + suffix, "{\"name\":\"" + "n".repeat(300) + "\"}", 400),
                put("/api/v1/domains/top-" + suffix, "{\"name\":\"Top\",\"description\":\"" + "d".repeat(70_000) + "\"}", 400),
                put(base + "deprecation", "{\"deprecated\":true,\"note\":\"" + "n".repeat(20_000) + "\"}", 400),
                put(base + "tags", "{\"tags\":[\"" + "t".repeat(101) + "\"]}", 400),
                // wrong types and shapes
                put(base + "tags", "{\"tags\":\"pii\"}", 400),
                put(base + "description", "{\"text\":{\"nested\":true}}", 400),
                put(base + "description", "[1,2]", 400),
                put(base + "description", "", 400),
                put(base + "ownership", "{\"owners\":[{\"owner\":\"urn:cairn:principal:user:ann\",\"type\":\"JANITOR\"}]}", 400),
                put(base + "ownership", "{\"owners\":[{\"owner\":\"" + term + "\",\"type\":\"DATA_STEWARD\"}]}", 400),
                put(base + "ownership", "{\"owners\":[{\"owner\":\"urn:cairn:principal:client:svc\",\"type\":\"DATA_STEWARD\"}]}", 400),
                put(base + "deprecation", "{\"deprecated\":\"yes\"}", 400),
                put(base + "deprecation", "{\"deprecated\":true,\"decommissionDate\":\"next tuesday\"}", 400),
                put(base + "qualityAssertions", "{\"assertions\":[{\"id\":\"a\",\"kind\":\"NOT_NULL\"},{\"id\":\"a\",\"kind\":\"UNIQUE\"}]}", 400),
                put(base + "qualityAssertions", "{\"assertions\":[{\"id\":\"a\",\"kind\":\"SOMETIMES\"}]}", 400),
                post(base + "qualityResults", "{\"runId\":\"r\",\"at\":\"yesterday\",\"results\":[]}", 400),
                post(base + "qualityResults", "{\"runId\":\"r\",\"at\":\"2025-01-31T12:00:00Z\",\"results\":[{\"assertion\":\"a\"}]}", 400),
                put(base + "domain", "{\"domain\":\"" + domain + "\",\"extra\":1}", 400),
                // an aspect on an entity type it does not apply to
                put("/api/v1/governance/entities/" + term + "/tags", "{\"tags\":[\"x\"]}", 400),
                put("/api/v1/governance/entities/" + domain + "/deprecation", "{\"deprecated\":true}", 400));

        for (BadWrite write : bad) {
            HttpApi.Reply reply = write.send(api, token);
            assertThat(reply.status()).as(write + " -> " + reply.body()).isEqualTo(write.expected());
            assertThat(reply.headers().firstValue("Content-Type").orElse("")).as(write.toString()).contains("application/problem+json");
            assertThat(reply.json().get("detail").asText()).as(write.toString()).isNotBlank();
        }
        assertThat(versions(watched)).isEqualTo(before);
        assertThat(api.get("/api/v1/entities/" + unknownDataset, token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/entities/urn:cairn:term:orphan-" + suffix, token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/entities/" + dataset + "/aspects/description", token).json().at("/value/text").asText()).isEqualTo("before");
    }

    @Test
    @Order(5)
    void renamingATermOrDomainUpdatesTheDocumentsThatShowIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String term = "urn:cairn:term:tier-" + suffix;
        String domain = "urn:cairn:domain:unit-" + suffix;
        assertThat(api.put("/api/v1/glossary/terms/tier-" + suffix, token, "{\"name\":\"Gold" + suffix + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/glossary/terms/sub-" + suffix, token,
                "{\"name\":\"Below" + suffix + "\",\"parent\":\"" + term + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/domains/unit-" + suffix, token, "{\"name\":\"Retail" + suffix + "\"}").status()).isEqualTo(200);
        String third = urnOf("test_third_dbt_model");
        // One dataset carries the term itself, the other on a column (the catalog made the column node).
        String column = "urn:cairn:column:" + tableUrn.substring(tableUrn.lastIndexOf(':') + 1) + ":amount";
        assertThat(api.put("/api/v1/governance/entities/" + third + "/glossaryTerms", token, "{\"terms\":[\"" + term + "\"]}").status())
                .isEqualTo(200);
        HttpApi.Reply onColumn = api.put("/api/v1/governance/entities/" + column + "/glossaryTerms", token, "{\"terms\":[\"" + term + "\"]}");
        assertThat(onColumn.status()).as(onColumn.body()).isEqualTo(200);
        assertThat(api.put("/api/v1/governance/entities/" + third + "/domain", token, "{\"domain\":\"" + domain + "\"}").status()).isEqualTo(200);
        awaitSearch("?q=gold" + suffix + "&type=DATASET", json -> json.get("totalCount").asInt() == 2);
        awaitSearch("?q=retail" + suffix + "&type=DATASET", json -> json.get("totalCount").asInt() == 1);

        assertThat(api.put("/api/v1/glossary/terms/tier-" + suffix, token, "{\"name\":\"Platinum" + suffix + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/domains/unit-" + suffix, token, "{\"name\":\"Wholesale" + suffix + "\"}").status()).isEqualTo(200);
        JsonNode renamed = awaitSearch("?q=platinum" + suffix + "&type=DATASET", json -> json.get("totalCount").asInt() == 2);
        assertThat(names(renamed)).containsExactlyInAnyOrder("test_third_dbt_model", TABLE);
        awaitSearch("?q=gold" + suffix + "&type=DATASET", json -> json.get("totalCount").asInt() == 0);
        awaitSearch("?q=wholesale" + suffix + "&type=DATASET", json -> json.get("totalCount").asInt() == 1);
        // The child term's document shows its ancestors' path, which the rename changed too.
        awaitSearch("?q=Platinum" + suffix + ".Below" + suffix + "&type=GLOSSARY_TERM", json -> json.get("totalCount").asInt() >= 1
                && json.at("/results/0/qualifiedNames").toString().contains("Platinum" + suffix + ".Below" + suffix));
    }

    @Test
    @Order(6)
    void aSecondRebuildWhileOneRunsIs409() {
        int failingBefore = search("?filter=platform:bigquery&filter=health:failing").get("totalCount").asInt();
        assertThat(failingBefore).isPositive();
        // Another node's rebuild holds the lock (the same lease a node takes): this node must refuse.
        try (var session = graph.driver().session(graph.sessionConfig())) {
            session.run("MERGE (l:Lease {name: 'search-rebuild'}) SET l.owner = 'other-node', l.expiresAt = timestamp() + 60000").consume();
        }
        HttpApi.Reply refused = api.post("/api/v1/admin/reindex", token, "application/json", "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("already running");
        try (var session = graph.driver().session(graph.sessionConfig())) {
            session.run("MATCH (l:Lease {name: 'search-rebuild'}) SET l.owner = null, l.expiresAt = 0").consume();
        }
        // Two at once: exactly one starts; the other is refused while the first holds the lock (or, if the first
        // already finished, starts a rebuild of its own: never two at the same time).
        HttpApi.Reply first = api.post("/api/v1/admin/reindex", token, "application/json", "");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        HttpApi.Reply second = api.post("/api/v1/admin/reindex", token, "application/json", "");
        boolean stillRunning = api.get("/api/v1/admin/reindex", token).json().get("status").asText().equals("RUNNING");
        if (stillRunning) {
            assertThat(second.status()).as(second.body()).isEqualTo(409);
        }
        long deadline = System.currentTimeMillis() + 150_000;
        while (!api.get("/api/v1/admin/reindex", token).json().get("status").asText().equals("DONE")) {
            assertThat(System.currentTimeMillis()).as("rebuild finishes").isLessThan(deadline);
            sleep(100);
        }
        // The rebuilt indexes answer the same.
        assertThat(search("?filter=platform:bigquery&filter=health:failing").get("totalCount").asInt()).isEqualTo(failingBefore);
    }

    // ---- helpers ----

    private record BadWrite(String method, String path, String body, int expected) {
        HttpApi.Reply send(HttpApi api, String token) {
            return method.equals("PUT") ? api.put(path, token, body) : api.post(path, token, "application/json", body);
        }

        @Override
        public String toString() {
            return method + " " + path + " " + (body.length() > 120 ? body.substring(0, 120) + "..." : body);
        }
    }

    private static BadWrite put(String path, String body, int expected) {
        return new BadWrite("PUT", path, body, expected);
    }

    private static BadWrite post(String path, String body, int expected) {
        return new BadWrite("POST", path, body, expected);
    }

    /** Every aspect version of each entity (absent entities map to an empty map). */
    private Map<String, Map<String, Long>> versions(List<String> urns) {
        Map<String, Map<String, Long>> all = new TreeMap<>();
        for (String urn : urns) {
            HttpApi.Reply reply = api.get("/api/v1/entities/" + urn, token);
            Map<String, Long> versions = new TreeMap<>();
            if (reply.status() == 200) {
                reply.json().get("aspects").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().get("version").asLong()));
            }
            all.put(urn, versions);
        }
        return all;
    }

    private JsonNode quality(String urn) {
        HttpApi.Reply reply = api.get("/api/v1/governance/entities/" + urn + "/quality", token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private String urnOf(String name) {
        JsonNode found = awaitSearch("?q=" + name + "&filter=platform:bigquery", json -> json.get("totalCount").asInt() >= 1
                && json.at("/results/0/name").asText().equals(name));
        return found.at("/results/0/urn").asText();
    }

    /**
     * Posts lineage as an at-least-once producer does: with a generous timeout of its own, and again after a 5xx (a
     * transaction that timed out on a heavily loaded machine). Lineage writes are idempotent, so a retry is safe;
     * 4xx answers are returned at once.
     */
    private HttpApi.Reply post(String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(240))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpApi.Reply reply = null;
        for (int attempt = 0; attempt < 3 && (reply == null || reply.status() >= 500); attempt++) {
            try {
                HttpResponse<String> response = SLOW_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                reply = new HttpApi.Reply(response.statusCode(), response.body(), response.headers());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return reply;
    }

    private JsonNode search(String query) {
        return api.search(query, token);
    }

    private JsonNode awaitSearch(String query, Predicate<JsonNode> done) {
        return api.awaitSearch(query, token, Duration.ofSeconds(150), done);
    }

    private static List<String> names(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.get("results").forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    private static int facet(JsonNode json, String facet, String value) {
        for (JsonNode bucket : json.at("/facets/" + facet)) {
            if (bucket.get("value").asText().equals(value)) {
                return bucket.get("count").asInt();
            }
        }
        return 0;
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    static byte[] corpus(String file) {
        try {
            return Files.readAllBytes(CORPUS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locateCorpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path corpus = dir.resolve("../shared/openlineage/corpus").normalize();
            if (Files.isDirectory(corpus)) {
                return corpus;
            }
        }
        throw new IllegalStateException("cannot find ../shared/openlineage/corpus above " + Path.of("").toAbsolutePath());
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cairn-governance-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
