package io.cairn.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Search relevance, facets, freshness, rebuild and governance writes against the real embedded Neo4j, Kafka and
 * Elasticsearch. The fixture (a few hundred tables created through the Iceberg REST API) lives in its own namespace,
 * and every query filters on it, so other test classes sharing the server do not disturb the counts.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchAndGovernanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NAMESPACE = "fx" + UUID.randomUUID().toString().substring(0, 6);
    private static final String NS_FILTER = "namespace:default." + NAMESPACE;
    private static final int FILLERS = 240;
    private static final String[] WORDS = {"sales", "events", "users", "inventory", "payments", "sessions", "clicks", "invoices",
            "products", "returns", "refunds", "stock", "leads", "campaigns", "tickets"};
    private static final List<String> SPECIAL = List.of("orders", "orders_daily", "orders_archive", "customer_orders", "shipments",
            "loyalty_accounts", "audit_7a3b9c");
    private static final Map<String, String> URNS = new HashMap<>();
    private static boolean fixtureReady;

    /**
     * Spring keys a test context by its @DynamicPropertySource methods, so this class cannot share the context of
     * another class's method; it gets its own data directory (as the catalog tests do) instead of colliding on
     * CairnTestServer's.
     */
    private static final java.nio.file.Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.data-dir", DATA_DIR::toString);
    }

    private static java.nio.file.Path createDataDir() {
        try {
            return java.nio.file.Files.createTempDirectory("cairn-search-test-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RestClient elasticsearch;

    HttpApi api;
    String rootToken;

    @BeforeEach
    void connect() throws IOException {
        api = new HttpApi("http://127.0.0.1:" + port);
        rootToken = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        synchronized (SearchAndGovernanceTest.class) {
            if (!fixtureReady) {
                createFixture();
                fixtureReady = true;
            }
        }
    }

    private void createFixture() throws IOException {
        long started = System.nanoTime();
        try (RESTCatalog catalog = new RESTCatalog()) {
            catalog.initialize("cairn", Map.of("uri", "http://127.0.0.1:" + port + "/iceberg",
                    "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
            catalog.createNamespace(Namespace.of(NAMESPACE));
            for (String name : SPECIAL) {
                List<Types.NestedField> fields = new ArrayList<>(List.of(
                        Types.NestedField.required(1, "id", Types.LongType.get(), "row id"),
                        Types.NestedField.optional(2, "created_at", Types.TimestampType.withZone())));
                if (name.equals("loyalty_accounts")) {
                    fields.add(Types.NestedField.optional(3, "points_balance", Types.LongType.get(), "loyalty points left"));
                }
                catalog.createTable(TableIdentifier.of(NAMESPACE, name), new Schema(fields));
            }
            for (int i = 0; i < FILLERS; i++) {
                String name = WORDS[i % WORDS.length] + "_" + WORDS[(i / WORDS.length) % WORDS.length] + "_" + i;
                catalog.createTable(TableIdentifier.of(NAMESPACE, name), new Schema(
                        Types.NestedField.required(1, "id", Types.LongType.get()),
                        Types.NestedField.optional(2, WORDS[(i + 3) % WORDS.length] + "_amount", Types.DecimalType.of(12, 2)),
                        Types.NestedField.optional(3, "orders_count", Types.IntegerType.get())));
            }
        }
        System.out.printf("search fixture: %d tables created in %d ms%n", SPECIAL.size() + FILLERS, (System.nanoTime() - started) / 1_000_000);
        JsonNode all = awaitSearch("?filter=" + NS_FILTER + "&limit=1", json -> json.get("totalCount").asInt() == SPECIAL.size() + FILLERS);
        assertThat(all.get("totalCount").asInt()).isEqualTo(SPECIAL.size() + FILLERS);
        for (String name : SPECIAL) {
            JsonNode hit = search("?q=" + name + "&filter=" + NS_FILTER).get("results").get(0);
            assertThat(hit.get("name").asText()).isEqualTo(name);
            URNS.put(name, hit.get("urn").asText());
        }
    }

    @Test
    @Order(1)
    void anExactTableNameRanksFirstAndAColumnNameFindsItsTable() {
        JsonNode orders = search("?q=orders&filter=" + NS_FILTER + "&limit=20");
        assertThat(orders.at("/results/0/name").asText()).isEqualTo("orders");
        assertThat(orders.at("/results/0/type").asText()).isEqualTo("DATASET");
        // Every filler has an orders_count column and partial name matches exist; the exact one still wins.
        assertThat(orders.get("totalCount").asInt()).isGreaterThan(SPECIAL.size());

        JsonNode qualified = search("?q=default." + NAMESPACE + ".orders_daily");
        assertThat(qualified.at("/results/0/name").asText()).isEqualTo("orders_daily");

        JsonNode column = search("?q=points_balance&filter=" + NS_FILTER);
        assertThat(column.at("/results/0/name").asText()).isEqualTo("loyalty_accounts");
        assertThat(column.at("/results/0/highlights/columnNames").toString()).contains("points_balance");
    }

    @Test
    @Order(2)
    void multiTermQueriesRankMoreMatchesHigherAndTyposStillFind() {
        JsonNode both = search("?q=customer%20orders&filter=" + NS_FILTER);
        assertThat(both.at("/results/0/name").asText()).isEqualTo("customer_orders");
        assertThat(both.get("totalCount").asInt()).as("terms are optional").isGreaterThan(1);

        // Letters and digits stay one word: q2a3b9c shares no word with audit_7a3b9c (split at the digits, they would
        // share a, b and c), while the word 7a3b9c on its own finds it.
        assertThat(search("?q=orders1zq2xv&filter=" + NS_FILTER).get("totalCount").asInt()).isZero();
        assertThat(search("?q=q2a3b9c&filter=" + NS_FILTER).get("totalCount").asInt()).isZero();
        assertThat(search("?q=7a3b9c&filter=" + NS_FILTER).at("/results/0/name").asText()).isEqualTo("audit_7a3b9c");

        // One identifier is looked for as written: its words in order, not anywhere in the document. Every filler
        // has a column ending in "amount" and one starting with "orders"; none has "amount_orders".
        assertThat(search("?q=amount_orders&filter=" + NS_FILTER).get("totalCount").asInt()).isZero();
        long withSalesAmount = java.util.stream.IntStream.range(0, FILLERS).filter(i -> WORDS[(i + 3) % WORDS.length].equals("sales")).count();
        assertThat(search("?q=sales_amount&filter=" + NS_FILTER + "&limit=50").get("totalCount").asLong()).isEqualTo(withSalesAmount);

        JsonNode typo = search("?q=shipmnets&filter=" + NS_FILTER);
        assertThat(typo.at("/results/0/name").asText()).isEqualTo("shipments");

        JsonNode suggest = api.get("/api/v1/search/suggest?q=loyalty_acc", rootToken).json();
        assertThat(suggest.get("suggestions").findValuesAsText("name")).contains("loyalty_accounts");
    }

    @Test
    @Order(3)
    void ownerAndTagFacetsCountAndFiltersCombine() {
        String owner = "urn:cairn:principal:user:alicewonder";
        for (int i = 0; i < 7; i++) {
            String urn = filler(i);
            assertThat(put("/api/v1/governance/entities/" + urn + "/ownership", rootToken,
                    "{\"owners\":[{\"owner\":\"" + owner + "\",\"type\":\"TECHNICAL_OWNER\"}]}").status()).isEqualTo(200);
        }
        for (int i = 4; i < 9; i++) {
            assertThat(put("/api/v1/governance/entities/" + filler(i) + "/tags", rootToken, "{\"tags\":[\"pii\",\"gold\"]}").status())
                    .isEqualTo(200);
        }
        JsonNode owned = awaitSearch("?filter=" + NS_FILTER + "&filter=owner:" + owner,
                json -> json.get("totalCount").asInt() == 7 && facet(json, "tag", "pii") == 3);
        assertThat(owned.get("totalCount").asInt()).isEqualTo(7);
        JsonNode facets = awaitSearch("?filter=" + NS_FILTER, json -> facet(json, "tag", "pii") == 5 && facet(json, "owner", owner) == 7);
        assertThat(facet(facets, "tag", "pii")).isEqualTo(5);
        assertThat(facet(facets, "owner", owner)).isEqualTo(7);
        assertThat(facet(facets, "platform", "iceberg")).isEqualTo(SPECIAL.size() + FILLERS);

        JsonNode combined = search("?filter=" + NS_FILTER + "&filter=owner:" + owner + "&filter=tag:pii");
        assertThat(combined.get("totalCount").asInt()).isEqualTo(3);
        // Disjunctive facets: the tag facet under a tag filter still shows the other tags' counts.
        assertThat(facet(combined, "tag", "gold")).isEqualTo(3);
        JsonNode textAndFilter = search("?q=" + owner.substring(owner.lastIndexOf(':') + 1) + "&filter=" + NS_FILTER + "&filter=tag:gold");
        assertThat(textAndFilter.get("totalCount").asInt()).isEqualTo(3);

        // Cursor paging walks the whole owner set without repeats.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = search("?filter=" + NS_FILTER + "&filter=owner:" + owner + "&limit=3&sort=NAME" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("results").forEach(hit -> seen.add(hit.get("urn").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    @Order(4)
    void aCommittedChangeIsSearchableWithinTwoSeconds() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String tag = "fresh-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            long start = System.nanoTime();
            assertThat(put("/api/v1/governance/entities/" + URNS.get("orders") + "/tags", rootToken, "{\"tags\":[\"" + tag + "\"]}").status())
                    .isEqualTo(200);
            awaitSearch("?filter=tag:" + tag, json -> json.get("totalCount").asInt() == 1);
            delays.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("commit-to-searchable delays (ms): " + delays);
        assertThat(delays).allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
    }

    @Test
    @Order(5)
    void qualityResultsGiveAHealthFacet() {
        String urn = URNS.get("orders_archive");
        assertThat(put("/api/v1/governance/entities/" + urn + "/qualityAssertions", rootToken,
                "{\"assertions\":[{\"id\":\"id_not_null\",\"kind\":\"NOT_NULL\",\"column\":\"id\"}]}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/governance/entities/" + urn + "/qualityResults", rootToken, "application/json",
                "{\"runId\":\"r1\",\"at\":\"2025-01-31T12:00:00Z\",\"results\":[{\"assertion\":\"id_not_null\",\"success\":false,\"actual\":\"3 nulls\"}]}")
                .status()).isEqualTo(200);
        JsonNode failing = awaitSearch("?filter=" + NS_FILTER + "&filter=health:failing", json -> json.get("totalCount").asInt() == 1);
        assertThat(failing.at("/results/0/urn").asText()).isEqualTo(urn);
        assertThat(facet(search("?filter=" + NS_FILTER), "health", "unknown")).isEqualTo(SPECIAL.size() + FILLERS - 1);
    }

    @Test
    @Order(6)
    void governanceWritesNeedWriterAreAuditedAndRefuseBadInput() {
        String reader = client("reader");
        String writerId = "gov-writer-" + UUID.randomUUID().toString().substring(0, 6);
        String writer = client(writerId, "writer");
        String urn = URNS.get("customer_orders");
        String tags = "/api/v1/governance/entities/" + urn + "/tags";

        assertThat(put(tags, reader, "{\"tags\":[\"x\"]}").status()).isEqualTo(403);
        assertThat(put(tags, writer, "{\"tags\":[\"finance\"]}").status()).isEqualTo(200);
        JsonNode audit = api.get("/api/v1/audit?urn=" + urn, rootToken).json().get("events");
        assertThat(audit.get(0).get("aspect").asText()).isEqualTo("tags");
        assertThat(audit.get(0).get("principal").asText()).endsWith(":" + writerId);

        HttpApi.Reply unknownEntity = put("/api/v1/governance/entities/urn:cairn:dataset:" + UUID.randomUUID() + "/tags", writer, "{\"tags\":[\"x\"]}");
        assertThat(unknownEntity.status()).isEqualTo(404);
        HttpApi.Reply badTag = put(tags, writer, "{\"tags\":[\"has space\"]}");
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.json().get("detail").asText()).contains("has space");
        HttpApi.Reply unknownField = put(tags, writer, "{\"tags\":[],\"colour\":1}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asText()).contains("colour");

        String suffix = UUID.randomUUID().toString().substring(0, 6);
        assertThat(put("/api/v1/glossary/terms/customer-" + suffix, writer, "{\"name\":\"Customer\",\"definition\":\"Who buys\"}").status()).isEqualTo(200);
        assertThat(put("/api/v1/glossary/terms/vip-" + suffix, writer,
                "{\"name\":\"VIP customer\",\"definition\":\"Buys a lot\",\"parent\":\"urn:cairn:term:customer-" + suffix + "\"}").status()).isEqualTo(200);
        HttpApi.Reply cycle = put("/api/v1/glossary/terms/customer-" + suffix, writer,
                "{\"name\":\"Customer\",\"definition\":\"Who buys\",\"parent\":\"urn:cairn:term:vip-" + suffix + "\"}");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().get("detail").asText()).contains("cycle");
        HttpApi.Reply unknownTerm = put("/api/v1/governance/entities/" + urn + "/glossaryTerms", writer,
                "{\"terms\":[\"urn:cairn:term:nope-" + suffix + "\"]}");
        assertThat(unknownTerm.status()).isEqualTo(404);
        assertThat(put("/api/v1/governance/entities/" + urn + "/glossaryTerms", writer,
                "{\"terms\":[\"urn:cairn:term:vip-" + suffix + "\"]}").status()).isEqualTo(200);
        HttpApi.Reply oversize = put("/api/v1/governance/entities/" + urn + "/description", writer,
                "{\"text\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(oversize.status()).isEqualTo(400);
        assertThat(put("/api/v1/domains/sales-" + suffix, writer, "{\"name\":\"Sales\"}").status()).isEqualTo(200);
        assertThat(put("/api/v1/governance/entities/" + urn + "/domain", writer, "{\"domain\":\"urn:cairn:domain:sales-" + suffix + "\"}").status())
                .isEqualTo(200);
        HttpApi.Reply badOwner = put("/api/v1/governance/entities/" + urn + "/ownership", writer,
                "{\"owners\":[{\"owner\":\"urn:cairn:principal:user:bob\",\"type\":\"JANITOR\"}]}");
        assertThat(badOwner.status()).isEqualTo(400);

        JsonNode history = api.get("/api/v1/audit?urn=" + urn, rootToken).json().get("events");
        // datasetAliases: the catalog resolves the table's names through the shared alias registry.
        assertThat(history.findValuesAsText("aspect")).containsOnly("tags", "glossaryTerms", "domain", "status", "schema", "partitionSpec",
                "datasetProperties", "location", "catalogIdentity", "currentSnapshot", "datasetAliases");

        JsonNode byTerm = awaitSearch("?q=VIP&filter=" + NS_FILTER, json -> json.get("totalCount").asInt() >= 1);
        assertThat(byTerm.at("/results/0/urn").asText()).isEqualTo(urn);
        // The parent term "Customer" may be indexed before the child: wait for the child, then it must rank first.
        JsonNode terms = awaitSearch("?q=VIP%20customer&type=GLOSSARY_TERM",
                json -> json.get("results").findValues("qualifiedNames").stream()
                        .anyMatch(names -> names.toString().contains("Customer.VIP customer")));
        assertThat(terms.at("/results/0/qualifiedNames/0").asText()).isEqualTo("Customer.VIP customer");
        JsonNode domain = awaitSearch("?filter=" + NS_FILTER + "&filter=domain:urn:cairn:domain:sales-" + suffix, json -> json.get("totalCount").asInt() == 1);
        assertThat(domain.at("/results/0/urn").asText()).isEqualTo(urn);
    }

    @Test
    @Order(7)
    void aRebuildGivesTheSameDocumentsAndSwapsTheAlias() throws Exception {
        Map<String, JsonNode> before = documents();
        String indexBefore = aliasTarget();
        assertThat(api.post("/api/v1/admin/reindex", client("reader"), "application/json", "").status()).isEqualTo(403);
        HttpApi.Reply started = api.post("/api/v1/admin/reindex", rootToken, "application/json", "");
        assertThat(started.status()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode progress;
        do {
            Thread.sleep(200);
            progress = api.get("/api/v1/admin/reindex", rootToken).json();
        } while (!progress.get("status").asText().equals("DONE") && System.currentTimeMillis() < deadline);
        System.out.println("reindex progress: " + progress);
        assertThat(progress.get("status").asText()).isEqualTo("DONE");
        assertThat(progress.at("/indexes/datasets/done").asLong()).isGreaterThanOrEqualTo(SPECIAL.size() + FILLERS);
        assertThat(aliasTarget()).isNotEqualTo(indexBefore);
        Map<String, JsonNode> after = documents();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((urn, doc) -> assertThat(doc).as(urn).isEqualTo(before.get(urn)));
        assertThat(search("?q=orders&filter=" + NS_FILTER).at("/results/0/name").asText()).isEqualTo("orders");
    }

    @Test
    @Order(8)
    void badSearchParametersAre400() {
        assertThat(api.get("/api/v1/search?filter=colour:red", rootToken).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?sort=SIDEWAYS", rootToken).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?limit=1000", rootToken).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?cursor=%21%21", rootToken).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?q=x", null).status()).isEqualTo(401);
    }

    private Map<String, JsonNode> documents() throws IOException {
        Request request = new Request("POST", "/cairn-datasets/_search");
        request.setJsonEntity("{\"size\":1000,\"query\":{\"term\":{\"namespace\":\"default." + NAMESPACE + "\"}}}");
        JsonNode hits = MAPPER.readTree(elasticsearch.performRequest(request).getEntity().getContent()).at("/hits/hits");
        Map<String, JsonNode> docs = new TreeMap<>();
        hits.forEach(hit -> docs.put(hit.get("_id").asText(), hit.get("_source")));
        assertThat(docs).hasSize(SPECIAL.size() + FILLERS);
        return docs;
    }

    private String aliasTarget() throws IOException {
        JsonNode alias = MAPPER.readTree(elasticsearch.performRequest(new Request("GET", "/_alias/cairn-datasets")).getEntity().getContent());
        return alias.fieldNames().next();
    }

    private String filler(int i) {
        String name = WORDS[i % WORDS.length] + "_" + WORDS[(i / WORDS.length) % WORDS.length] + "_" + i;
        return URNS.computeIfAbsent(name, key -> search("?q=" + key + "&filter=" + NS_FILTER).at("/results/0/urn").asText());
    }

    private static int facet(JsonNode json, String facet, String value) {
        for (JsonNode bucket : json.at("/facets/" + facet)) {
            if (bucket.get("value").asText().equals(value)) {
                return bucket.get("count").asInt();
            }
        }
        return 0;
    }

    private JsonNode search(String query) {
        return api.search(query, rootToken);
    }

    private JsonNode awaitSearch(String query, Predicate<JsonNode> done) {
        return api.awaitSearch(query, rootToken, Duration.ofSeconds(60), done);
    }

    private HttpApi.Reply put(String path, String token, String json) {
        return api.put(path, token, json);
    }

    private String client(String role) {
        return client(role + "-" + UUID.randomUUID().toString().substring(0, 6), role);
    }

    private String client(String id, String role) {
        HttpApi.Reply created = api.post("/api/v1/admin/clients", rootToken, "application/json",
                "{\"clientId\":\"" + id + "\",\"role\":\"" + role + "\",\"description\":\"search test\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return api.token(id, created.json().get("clientSecret").asText());
    }
}
