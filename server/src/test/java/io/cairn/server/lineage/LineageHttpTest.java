package io.cairn.server.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** OpenLineage over HTTP against the real server with its embedded backends, then lineage reads over the result. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LineageHttpTest {

    static final Path CORPUS = locateCorpus();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
    }

    @LocalServerPort
    int port;

    HttpApi api;
    String token;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
    }

    @Test
    void oneEventIs201AndHiveColumnLineageReadsBackMarquezShaped() {
        post("/api/v1/lineage", corpus("_concretized/hive/cllSimpleQueryIndirectStart.json"), 201);
        post("/api/v1/lineage/batch", corpus("_concretized/hive/cllSimpleQueryIndirectComplete.json"), 200);

        HttpApi.Reply lineage = api.get("/api/v1/lineage?nodeId=" + HttpApi.encode("dataset:hive://localhost:9083:test.xxx") + "&depth=2", token);
        assertThat(lineage.status()).as(lineage.body()).isEqualTo(200);
        List<String> ids = ids(lineage.json());
        assertThat(ids).contains("dataset:hive://localhost:9083:test.xxx", "dataset:hive://localhost:9083:test.t1");
        JsonNode output = node(lineage.json(), "dataset:hive://localhost:9083:test.xxx");
        assertThat(output.get("type").asText()).isEqualTo("DATASET");
        assertThat(output.at("/inEdges/0/origin").asText()).startsWith("job:");

        HttpApi.Reply columns = api.get("/api/v1/column-lineage?nodeId="
                + HttpApi.encode("datasetField:hive://localhost:9083:test.xxx:a") + "&depth=5", token);
        assertThat(columns.status()).as(columns.body()).isEqualTo(200);
        JsonNode field = node(columns.json(), "datasetField:hive://localhost:9083:test.xxx:a");
        assertThat(field.get("type").asText()).isEqualTo("DATASET_FIELD");
        assertThat(field.at("/data/inputFields/0/dataset").asText()).isEqualTo("test.t1");
        assertThat(field.at("/data/inputFields/0/field").asText()).isEqualTo("a");
        assertThat(field.at("/data/inputFields/0/transformations/0/subtype").asText()).isEqualTo("IDENTITY");
        assertThat(field.at("/inEdges/0/origin").asText()).isEqualTo("datasetField:hive://localhost:9083:test.t1:a");
    }

    @Test
    void gzipChunkedNdjsonBatch() throws IOException {
        StringBuilder ndjson = new StringBuilder();
        JsonNode events = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                corpus("_concretized/dbt/structured_logs__bigquery__run__results__successful_run_ol_events.json"));
        events.forEach(event -> ndjson.append(event.toString()).append('\n'));
        byte[] gzipped = gzip(ndjson.toString().getBytes(StandardCharsets.UTF_8));
        // ofInputStream has no length: the client sends the body chunked, as the OpenLineage Java client does.
        HttpApi.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/lineage/batch"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(gzipped))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("events").asInt()).isEqualTo(events.size());

        HttpApi.Reply columns = api.get("/api/v1/column-lineage?nodeId=" + HttpApi.encode(
                "datasetField:bigquery:example-bigquery-project.jaffle_shop.stg_locations:location_id") + "&depth=3", token);
        assertThat(columns.status()).as(columns.body()).isEqualTo(200);
        JsonNode field = node(columns.json(), "datasetField:bigquery:example-bigquery-project.jaffle_shop.stg_locations:location_id");
        assertThat(field.at("/data/inputFields/0/dataset").asText()).isEqualTo("example-bigquery-project.raw.raw_stores");
        assertThat(field.at("/data/inputFields/0/field").asText()).isEqualTo("id");
    }

    @Test
    void badInputIsRefusedWithPointers() {
        HttpApi.Reply malformed = post("/api/v1/lineage", "{\"eventTime\": ".getBytes(StandardCharsets.UTF_8), 400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(malformed.json().get("detail").asText()).contains("malformed JSON");

        String wrongTypes = "{\"eventType\":\"START\",\"eventTime\":42,\"producer\":\"p\",\"run\":{\"runId\":\"not-a-uuid\"},"
                + "\"job\":{\"namespace\":\"ns\",\"name\":7},\"inputs\":{}}";
        HttpApi.Reply refused = post("/api/v1/lineage", wrongTypes.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(refused.json().get("errors").findValuesAsText("pointer"))
                .contains("/eventTime", "/run/runId", "/job/name", "/inputs");

        HttpApi.Reply invalidFacet = post("/api/v1/lineage", corpus("other/fluentd-proxy/event_invalid_job_facet.json"), 400);
        assertThat(invalidFacet.json().get("errors").findValuesAsText("pointer")).contains("/job/facets/ownership/owners/0/name");

        HttpApi.Reply batch = post("/api/v1/lineage/batch", ("[" + new String(corpus("other/fluentd-proxy/event_simple.json"), StandardCharsets.UTF_8)
                + "," + new String(corpus("other/fluentd-proxy/event_no_run_id.json"), StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8), 400);
        assertThat(batch.json().get("errors").findValuesAsText("pointer")).containsExactly("/1/run/runId");

        byte[] huge = ("{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/api/v1/lineage", huge, 413).status()).isEqualTo(413);

        HttpApi.Reply unauthenticated = api.post("/api/v1/lineage", null, "application/json", "{}");
        assertThat(unauthenticated.status()).isEqualTo(401);
    }

    @Test
    void openLineageJavaClientOverHttpWithGzipAndApiKey() {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create(api.base()));
        config.setEndpoint("/api/v1/lineage");
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(token);
        config.setAuth(auth);
        config.setCompression(HttpConfig.Compression.GZIP);
        config.setTimeoutInMillis(30_000);
        OpenLineage ol = new OpenLineage(URI.create("https://github.com/cairn/tests"));
        UUID runId = UUID.randomUUID();
        OpenLineage.SchemaDatasetFacet schema = ol.newSchemaDatasetFacetBuilder().fields(List.of(
                ol.newSchemaDatasetFacetFieldsBuilder().name("total").type("decimal").build())).build();
        OpenLineage.ColumnLineageDatasetFacet columnLineage = ol.newColumnLineageDatasetFacetBuilder()
                .fields(ol.newColumnLineageDatasetFacetFieldsBuilder().put("total",
                        ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(List.of(
                                ol.newInputFieldBuilder().namespace("postgres://db:5432").name("shop.orders").field("amount")
                                        .transformations(List.of(ol.newInputFieldTransformationsBuilder().type("DIRECT")
                                                .subtype("AGGREGATION").description("SUM(amount)").masking(false).build()))
                                        .build())).build()).build()).build();
        try (OpenLineageClient client = new OpenLineageClient(new HttpTransport(config))) {
            for (OpenLineage.RunEvent.EventType type : List.of(OpenLineage.RunEvent.EventType.START, OpenLineage.RunEvent.EventType.COMPLETE)) {
                client.emit(ol.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.now())
                        .run(ol.newRunBuilder().runId(runId).build())
                        .job(ol.newJobBuilder().namespace("client-tests").name("daily_totals").build())
                        .inputs(List.of(ol.newInputDatasetBuilder().namespace("postgres://db:5432").name("shop.orders").build()))
                        .outputs(List.of(ol.newOutputDatasetBuilder().namespace("s3://lake").name("/marts/totals")
                                .facets(ol.newDatasetFacetsBuilder().schema(schema).columnLineage(columnLineage).build()).build()))
                        .build());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        HttpApi.Reply lineage = api.get("/api/v1/lineage?nodeId=" + HttpApi.encode("job:client-tests:daily_totals") + "&depth=1", token);
        assertThat(lineage.status()).as(lineage.body()).isEqualTo(200);
        assertThat(ids(lineage.json()))
                .contains("job:client-tests:daily_totals", "dataset:postgres://db:5432:shop.orders", "dataset:s3://lake:/marts/totals");
        HttpApi.Reply columns = api.get("/api/v1/column-lineage?nodeId=" + HttpApi.encode("datasetField:s3://lake:/marts/totals:total"), token);
        assertThat(columns.status()).as(columns.body()).isEqualTo(200);
        assertThat(node(columns.json(), "datasetField:s3://lake:/marts/totals:total").at("/data/inputFields/0/transformations/0/subtype").asText())
                .isEqualTo("AGGREGATION");
    }

    @Test
    void readsAreBoundedByDepth() {
        // A chain a0 -> a1 -> ... -> a6 through six jobs; depth 4 reaches exactly four hops (two jobs, two datasets).
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            ndjson.append(("{\"eventType\":\"COMPLETE\",\"eventTime\":\"2024-05-01T00:00:0%dZ\",\"producer\":\"t\",\"run\":{\"runId\":\"%s\"},"
                    + "\"job\":{\"namespace\":\"chain\",\"name\":\"step%d\"},\"inputs\":[{\"namespace\":\"chain\",\"name\":\"a%d\"}],"
                    + "\"outputs\":[{\"namespace\":\"chain\",\"name\":\"a%d\",\"facets\":{\"columnLineage\":{\"fields\":{\"c\":{\"inputFields\":"
                    + "[{\"namespace\":\"chain\",\"name\":\"a%d\",\"field\":\"c\"}]}}}}}]}\n")
                    .formatted(i, UUID.randomUUID(), i, i, i + 1, i));
        }
        post("/api/v1/lineage/batch", ndjson.toString().getBytes(StandardCharsets.UTF_8), 200);
        HttpApi.Reply shallow = api.get("/api/v1/lineage?nodeId=" + HttpApi.encode("dataset:chain:a0") + "&depth=4", token);
        assertThat(ids(shallow.json()))
                .containsExactlyInAnyOrder("dataset:chain:a0", "job:chain:step0", "dataset:chain:a1", "job:chain:step1", "dataset:chain:a2");
        HttpApi.Reply columns = api.get("/api/v1/column-lineage?nodeId=" + HttpApi.encode("datasetField:chain:a6:c") + "&depth=3", token);
        assertThat(ids(columns.json()))
                .containsExactlyInAnyOrder("datasetField:chain:a6:c", "datasetField:chain:a5:c", "datasetField:chain:a4:c", "datasetField:chain:a3:c");
        HttpApi.Reply downstream = api.get("/api/v1/column-lineage?nodeId=" + HttpApi.encode("datasetField:chain:a3:c")
                + "&depth=1&withDownstream=true", token);
        assertThat(ids(downstream.json()))
                .containsExactlyInAnyOrder("datasetField:chain:a2:c", "datasetField:chain:a3:c", "datasetField:chain:a4:c");
        assertThat(api.get("/api/v1/lineage?nodeId=" + HttpApi.encode("dataset:chain:nope"), token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/lineage?nodeId=bogus", token).status()).isEqualTo(400);
    }

    /** ARCHITECTURE decision 2: a job that names an Iceberg table by its path writes to the catalog's own dataset node. */
    @Test
    void lineageThatNamesATableByItsPathAttachesToTheCatalogTable() throws Exception {
        String namespace = "lin_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String location;
        try (org.apache.iceberg.rest.RESTCatalog catalog = new org.apache.iceberg.rest.RESTCatalog()) {
            catalog.initialize("cairn", java.util.Map.of("uri", "http://127.0.0.1:" + port + "/iceberg",
                    "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
            catalog.createNamespace(org.apache.iceberg.catalog.Namespace.of(namespace));
            org.apache.iceberg.Table table = catalog.createTable(
                    org.apache.iceberg.catalog.TableIdentifier.of(namespace, "orders"),
                    new org.apache.iceberg.Schema(org.apache.iceberg.types.Types.NestedField.required(1, "id",
                            org.apache.iceberg.types.Types.LongType.get())));
            location = table.location();
        }
        String path = java.net.URI.create(location).getPath();
        String event = """
                {"eventType":"COMPLETE","eventTime":"2026-11-21T10:00:00Z",
                 "run":{"runId":"%s"},
                 "job":{"namespace":"spark","name":"load_orders"},
                 "inputs":[],
                 "outputs":[{"namespace":"file","name":"%s"}],
                 "producer":"https://example.com/test","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
                """.formatted(java.util.UUID.randomUUID(), path);
        post("/api/v1/lineage", event.getBytes(java.nio.charset.StandardCharsets.UTF_8), 201);

        java.util.List<String> datasets = store.read(tx -> tx.run("""
                MATCH (a:DatasetAlias)-[:ALIAS_OF]->(d:Dataset)
                WHERE a.name IN [$catalogName, $openLineageName]
                RETURN DISTINCT d.urn AS urn
                """, java.util.Map.<String, Object>of("catalogName", "iceberg:default." + namespace + ".orders",
                "openLineageName", "openlineage:file|" + path)).list(record -> record.get("urn").asString()));
        assertThat(datasets).as("the catalog table and the dataset the event names are one node").hasSize(1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.cairn.metadata.store.GraphStore store;

    private HttpApi.Reply post(String path, byte[] body, int expected) {
        HttpApi.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(expected);
        return reply;
    }

    private static List<String> ids(JsonNode graph) {
        List<String> ids = new java.util.ArrayList<>();
        graph.get("graph").forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }

    private static JsonNode node(JsonNode graph, String id) {
        for (JsonNode node : graph.get("graph")) {
            if (node.get("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no node " + id + " in " + graph);
    }

    static byte[] corpus(String file) {
        try {
            return Files.readAllBytes(CORPUS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static Path locateCorpus() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("../shared/openlineage/corpus").normalize();
            if (Files.isDirectory(candidate) && Files.isDirectory(dir.resolve("lineage-ingest"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find ../shared/openlineage/corpus beside the repository root");
    }
}
