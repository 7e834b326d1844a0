package io.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.graphql.read.RoundTrips;
import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The GraphQL API over HTTP against the real embedded Neo4j, Kafka and Elasticsearch. The fixture is written the way
 * users write it: tables through the Iceberg REST catalog (Iceberg's own RESTCatalog) and lineage through
 * {@code POST /api/v1/lineage}, where one job reads the catalog table by its storage path, so the same dataset is
 * reached by its catalog name and by its OpenLineage name.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GraphQlApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NS = "gq" + UUID.randomUUID().toString().substring(0, 6);
    private static final String PAGE_NS = NS + "_page";
    private static final int PAGE_TABLES = 50;
    private static final String OWNER = "urn:cairn:principal:user:gq-alice";
    private static final Path DATA_DIR = createDataDir();

    private static String ordersPath;
    private static String ordersUrn;
    private static boolean fixtureReady;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.data-dir", DATA_DIR::toString);
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cairn-graphql-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RoundTrips roundTrips;

    HttpApi api;
    String rootToken;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        rootToken = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        synchronized (GraphQlApiTest.class) {
            if (!fixtureReady) {
                createFixture();
                fixtureReady = true;
            }
        }
    }

    private void createFixture() {
        try (RESTCatalog catalog = new RESTCatalog()) {
            catalog.initialize("cairn", Map.of("uri", api.base() + "/iceberg",
                    "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
            catalog.createNamespace(Namespace.of(NS));
            catalog.createNamespace(Namespace.of(PAGE_NS));
            catalog.createTable(TableIdentifier.of(NS, "orders"), new Schema(
                    Types.NestedField.required(1, "id", Types.LongType.get(), "order id"),
                    Types.NestedField.optional(2, "amount", Types.DecimalType.of(12, 2)),
                    Types.NestedField.optional(3, "customer_id", Types.LongType.get())));
            ordersPath = URI.create(catalog.loadTable(TableIdentifier.of(NS, "orders")).location()).getPath();
            for (int i = 0; i < PAGE_TABLES; i++) {
                catalog.createTable(TableIdentifier.of(PAGE_NS, "paged_" + i), new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UUID revenueRun = UUID.randomUUID();
        UUID reportRun = UUID.randomUUID();
        for (String type : List.of("START", "COMPLETE")) {
            lineageEvent(type, revenueRun, "daily_revenue", "file", ordersPath, "mart.daily_revenue", null,
                    List.of("day", "revenue"), Map.of("revenue", List.of("file", ordersPath, "amount", "DIRECT", "AGGREGATION", "SUM(amount)")));
        }
        UUID exportRun = UUID.randomUUID();
        for (String type : List.of("START", "COMPLETE")) {
            lineageEvent(type, exportRun, "export", "postgres://db:5432", "mart.report", null, null, List.of(), Map.of());
            lineageEvent(type, reportRun, "report", "postgres://db:5432", "mart.daily_revenue", "mart.report", revenueRun,
                    List.of("total"), Map.of("total", List.of("postgres://db:5432", "mart.daily_revenue", "revenue", "DIRECT", "IDENTITY", "")));
        }
        ordersUrn = data("{ dataset(namespace: \"iceberg\", name: \"default." + NS + ".orders\") { urn } }").at("/dataset/urn").asText();
        assertThat(ordersUrn).startsWith("urn:cairn:dataset:");
    }

    /** One run event: a job reads one dataset and writes another (none: {@code outName} null) with a schema and column lineage. */
    private void lineageEvent(String type, UUID runId, String job, String inNamespace, String inName, String outName, UUID parentRun,
                              List<String> outFields, Map<String, List<String>> lineage) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("eventType", type).put("eventTime", Instant.now().toString())
                .put("producer", "https://github.com/cairn/tests").put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
        ObjectNode run = event.putObject("run").put("runId", runId.toString());
        if (parentRun != null) {
            ObjectNode parent = run.putObject("facets").putObject("parent");
            parent.put("_producer", "https://github.com/cairn/tests")
                    .put("_schemaURL", "https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json#/$defs/ParentRunFacet");
            parent.putObject("run").put("runId", parentRun.toString());
            parent.putObject("job").put("namespace", "gq-etl").put("name", "daily_revenue");
        }
        event.putObject("job").put("namespace", "gq-etl").put("name", job);
        event.putArray("inputs").addObject().put("namespace", inNamespace).put("name", inName);
        ArrayNode outputs = event.putArray("outputs");
        if (outName != null && type.equals("COMPLETE")) {
            ObjectNode facets = outputs.addObject().put("namespace", "postgres://db:5432").put("name", outName).putObject("facets");
            ObjectNode schema = facets.putObject("schema").put("_producer", "https://github.com/cairn/tests")
                    .put("_schemaURL", "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
            outFields.forEach(field -> schema.withArray("fields").addObject().put("name", field).put("type", "decimal"));
            ObjectNode columnLineage = facets.putObject("columnLineage").put("_producer", "https://github.com/cairn/tests")
                    .put("_schemaURL", "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
            lineage.forEach((field, source) -> {
                ObjectNode input = columnLineage.putObject("fields").putObject(field).putArray("inputFields").addObject()
                        .put("namespace", source.get(0)).put("name", source.get(1)).put("field", source.get(2));
                ObjectNode transformation = input.putArray("transformations").addObject().put("type", source.get(3)).put("subtype", source.get(4));
                if (!source.get(5).isEmpty()) {
                    transformation.put("description", source.get(5));
                }
                transformation.put("masking", false);
            });
        } else if (outName != null) {
            outputs.addObject().put("namespace", "postgres://db:5432").put("name", outName);
        }
        HttpApi.Reply reply = api.post("/api/v1/lineage", rootToken, "application/json", event.toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    // ---------------------------------------------------------------------------------------------------- contract queries

    @Test
    @Order(1)
    void theSameDatasetIsReachedByItsCatalogNameItsOpenLineageNameAndItsUrn() {
        JsonNode byLineageName = data("{ dataset(namespace: \"file\", name: \"" + ordersPath + "\") { urn } }");
        assertThat(byLineageName.at("/dataset/urn").asText()).isEqualTo(ordersUrn);

        JsonNode dataset = data("""
                query($urn: ID) { dataset(urn: $urn) {
                  urn type name qualifiedName platform kind location removed createdAt
                  names { kind name }
                  namespace { urn name warehouse levels datasets(first: 10) { edges { node { name } } } }
                  columns { urn name dataType required description dataset { urn } }
                  schemaVersions(first: 5) { edges { cursor node { version schemaId schemaJson createdBy } } pageInfo { hasNextPage } }
                  properties { key value }
                  readBy { urn name namespace }
                  runs(first: 5) { edges { node { runId state startedAt endedAt job { name } } } }
                  health freshness { lastWrittenAt }
                } }""", Map.of("urn", ordersUrn));
        JsonNode d = dataset.get("dataset");
        assertThat(d.get("urn").asText()).isEqualTo(ordersUrn);
        assertThat(d.get("type").asText()).isEqualTo("DATASET");
        assertThat(d.get("name").asText()).isEqualTo("orders");
        assertThat(d.get("qualifiedName").asText()).isEqualTo("iceberg:default." + NS + ".orders");
        assertThat(d.get("platform").asText()).isEqualTo("iceberg");
        assertThat(d.get("kind").asText()).isEqualTo("TABLE");
        assertThat(d.get("names").findValuesAsText("kind")).contains("CATALOG_TABLE", "LOCATION", "OPENLINEAGE");
        assertThat(d.get("names").findValuesAsText("name")).contains("iceberg:default." + NS + ".orders", "openlineage:file|" + ordersPath);
        assertThat(d.at("/namespace/name").asText()).isEqualTo(NS);
        assertThat(d.at("/namespace/warehouse").asText()).isEqualTo("default");
        assertThat(d.at("/namespace/datasets/edges").findValuesAsText("name")).containsExactly("orders");
        assertThat(d.get("columns").findValuesAsText("name")).containsExactly("id", "amount", "customer_id");
        assertThat(d.at("/columns/0/dataType").asText()).isEqualTo("long");
        assertThat(d.at("/columns/0/required").asBoolean()).isTrue();
        assertThat(d.at("/columns/0/description").asText()).isEqualTo("order id");
        assertThat(d.at("/columns/1/dataType").asText()).isEqualTo("decimal(12, 2)");
        assertThat(d.at("/schemaVersions/edges/0/node/version").asInt()).isEqualTo(1);
        assertThat(d.at("/schemaVersions/edges/0/node/schemaJson").asText()).contains("customer_id");
        assertThat(d.at("/readBy/0/name").asText()).isEqualTo("daily_revenue");
        assertThat(d.at("/readBy/0/namespace").asText()).isEqualTo("gq-etl");
        assertThat(d.at("/runs/edges/0/node/state").asText()).isEqualTo("COMPLETE");
        assertThat(d.at("/runs/edges/0/node/job/name").asText()).isEqualTo("daily_revenue");
        assertThat(d.get("health").asText()).isEqualTo("UNKNOWN");

        // The output of the first job is the input of the second: one node, reached by either OpenLineage name.
        JsonNode revenue = data("{ dataset(namespace: \"postgres://db:5432\", name: \"mart.daily_revenue\") { urn platform writtenBy { name } readBy { name } "
                + "runs(first: 10) { edges { node { job { name } parent { job { name } } children { job { name } } } } } } }");
        assertThat(revenue.at("/dataset/platform").asText()).isEqualTo("postgres");
        assertThat(revenue.at("/dataset/writtenBy/0/name").asText()).isEqualTo("daily_revenue");
        assertThat(revenue.at("/dataset/readBy/0/name").asText()).isEqualTo("report");
        List<String> parents = revenue.at("/dataset/runs/edges").findValuesAsText("name");
        assertThat(parents).contains("report", "daily_revenue");
        JsonNode job = data("{ job(namespace: \"gq-etl\", name: \"report\") { urn name inputs { name } outputs { name } "
                + "runs(first: 1) { edges { node { state parent { job { name } children { job { name } } } facets { name } inputs { urn } outputs { urn } } } } } }");
        assertThat(job.at("/job/inputs/0/name").asText()).isEqualTo("mart.daily_revenue");
        assertThat(job.at("/job/outputs/0/name").asText()).isEqualTo("mart.report");
        assertThat(job.at("/job/runs/edges/0/node/parent/job/name").asText()).isEqualTo("daily_revenue");
        assertThat(job.at("/job/runs/edges/0/node/parent/children/0/job/name").asText()).isEqualTo("report");
        assertThat(job.at("/job/runs/edges/0/node/facets").findValuesAsText("name")).contains("parent");

        assertThat(data("{ dataset(namespace: \"iceberg\", name: \"default." + NS + ".nothing\") { urn } }").get("dataset").isNull()).isTrue();

        // The other entry points: namespace, job and run by URN, run by runId, any entity by URN.
        JsonNode namespace = data("query($urn: ID!) { namespace(urn: $urn) { name levels properties { key } datasets { edges { node { urn } } } } }",
                Map.of("urn", d.at("/namespace/urn").asText()));
        assertThat(namespace.at("/namespace/datasets/edges/0/node/urn").asText()).isEqualTo(ordersUrn);
        String jobUrn = job.at("/job/urn").asText();
        JsonNode byUrn = data("query($urn: ID) { job(urn: $urn) { name runs(first: 1) { edges { node { urn runId } } } } }", Map.of("urn", jobUrn));
        assertThat(byUrn.at("/job/name").asText()).isEqualTo("report");
        String runId = byUrn.at("/job/runs/edges/0/node/runId").asText();
        JsonNode run = data("query($id: String) { run(runId: $id) { urn state job { urn } outputs { name } } }", Map.of("id", runId));
        assertThat(run.at("/run/job/urn").asText()).isEqualTo(jobUrn);
        assertThat(run.at("/run/outputs/0/name").asText()).isEqualTo("mart.report");
        JsonNode column = data("query($urn: ID!) { entity(urn: $urn) { type ... on Column { name dataset { name } } } }",
                Map.of("urn", d.at("/columns/1/urn").asText()));
        assertThat(column.at("/entity/name").asText()).isEqualTo("amount");
        assertThat(column.at("/entity/dataset/name").asText()).isEqualTo("orders");
        assertThat(data("{ run(runId: \"" + UUID.randomUUID() + "\") { urn } }").get("run").isNull()).isTrue();
    }

    @Test
    @Order(2)
    void columnLineageAndLineageAndImpactFollowTheGraphAcrossCatalogAndOpenLineageNames() {
        String reportUrn = data("{ dataset(namespace: \"postgres://db:5432\", name: \"mart.report\") { urn } }").at("/dataset/urn").asText();
        JsonNode columns = data("""
                query($urn: ID!) { columnLineage(datasetUrn: $urn, column: "total", direction: UPSTREAM, depth: 3) {
                  nodes { urn name dataset { urn name } }
                  edges { from { urn name } to { urn name } job { name } transformations { type subtype description masking } lastRun { state } }
                  truncated
                } }""", Map.of("urn", reportUrn)).get("columnLineage");
        assertThat(names(columns.get("nodes"))).containsExactlyInAnyOrder("total", "revenue", "amount");
        JsonNode amount = find(columns.get("nodes"), node -> node.get("name").asText().equals("amount"));
        assertThat(amount.at("/dataset/urn").asText()).as("the catalog table is the lineage input").isEqualTo(ordersUrn);
        JsonNode aggregation = find(columns.get("edges"), edge -> edge.at("/from/name").asText().equals("amount"));
        assertThat(aggregation.at("/to/name").asText()).isEqualTo("revenue");
        assertThat(aggregation.at("/job/name").asText()).isEqualTo("daily_revenue");
        assertThat(aggregation.at("/transformations/0/subtype").asText()).isEqualTo("AGGREGATION");
        assertThat(aggregation.at("/transformations/0/type").asText()).isEqualTo("DIRECT");
        assertThat(aggregation.at("/transformations/0/description").asText()).isEqualTo("SUM(amount)");
        assertThat(aggregation.at("/lastRun/state").asText()).isEqualTo("COMPLETE");
        JsonNode identity = find(columns.get("edges"), edge -> edge.at("/from/name").asText().equals("revenue"));
        assertThat(identity.at("/transformations/0/subtype").asText()).isEqualTo("IDENTITY");
        assertThat(identity.at("/job/name").asText()).isEqualTo("report");
        assertThat(columns.get("truncated").asBoolean()).isFalse();

        JsonNode oneHop = data("query($urn: ID!) { columnLineage(datasetUrn: $urn, column: \"total\", depth: 1) { nodes { name } } }",
                Map.of("urn", reportUrn));
        assertThat(names(oneHop.at("/columnLineage/nodes"))).containsExactlyInAnyOrder("total", "revenue");

        JsonNode column = data("query($urn: ID) { dataset(urn: $urn) { columns { name downstream { to { name dataset { name } } job { name } } upstream { from { name } } } } }",
                Map.of("urn", ordersUrn));
        JsonNode amountColumn = find(column.at("/dataset/columns"), c -> c.get("name").asText().equals("amount"));
        assertThat(amountColumn.at("/downstream/0/to/name").asText()).isEqualTo("revenue");
        assertThat(amountColumn.at("/downstream/0/to/dataset/name").asText()).isEqualTo("mart.daily_revenue");
        assertThat(amountColumn.get("upstream")).isEmpty();

        JsonNode lineage = data("""
                query($urn: ID!) { lineage(urn: $urn, direction: DOWNSTREAM, depth: 2) {
                  nodes { urn type name }
                  edges { from { urn } to { urn } job { name } kind }
                  truncated pageInfo { hasNextPage endCursor }
                } }""", Map.of("urn", ordersUrn)).get("lineage");
        assertThat(lineage.get("nodes").findValuesAsText("name")).containsExactly("orders", "daily_revenue", "mart.daily_revenue", "report", "mart.report");
        assertThat(lineage.get("nodes").findValuesAsText("type")).containsExactly("DATASET", "JOB", "DATASET", "JOB", "DATASET");
        assertThat(lineage.get("edges")).hasSize(4);
        assertThat(lineage.get("edges").findValuesAsText("kind")).containsOnly("READS", "WRITES");
        JsonNode read = find(lineage.get("edges"), e -> e.at("/from/urn").asText().equals(ordersUrn));
        assertThat(read.get("kind").asText()).isEqualTo("READS");
        assertThat(read.at("/job/name").asText()).isEqualTo("daily_revenue");

        JsonNode upstreamOnly = data("query($urn: ID!) { lineage(urn: $urn, direction: UPSTREAM) { nodes { name } } }", Map.of("urn", reportUrn));
        assertThat(upstreamOnly.at("/lineage/nodes").findValuesAsText("name")).containsExactly("mart.report", "report", "mart.daily_revenue");

        // Both ways from the middle dataset (upstream first), and from a job: its first hop is what it reads or writes.
        String revenueUrn = data("{ dataset(namespace: \"postgres://db:5432\", name: \"mart.daily_revenue\") { urn } }").at("/dataset/urn").asText();
        JsonNode both = data("query($urn: ID!) { lineage(urn: $urn) { nodes { name } edges { from { urn } to { urn } job { name } kind } } }",
                Map.of("urn", revenueUrn)).get("lineage");
        assertThat(both.get("nodes").findValuesAsText("name")).containsExactly("mart.daily_revenue", "daily_revenue", "orders", "report", "mart.report");
        assertThat(both.get("edges")).hasSize(4);
        JsonNode readsOrders = find(both.get("edges"), e -> e.at("/from/urn").asText().equals(ordersUrn));
        assertThat(readsOrders.get("kind").asText()).isEqualTo("READS");
        assertThat(readsOrders.at("/job/name").asText()).isEqualTo("daily_revenue");
        assertThat(find(both.get("edges"), e -> e.at("/to/urn").asText().equals(revenueUrn)).get("kind").asText()).isEqualTo("WRITES");
        String reportJob = data("{ job(namespace: \"gq-etl\", name: \"report\") { urn } }").at("/job/urn").asText();
        JsonNode fromJob = data("query($urn: ID!) { lineage(urn: $urn, direction: UPSTREAM) { nodes { name } edges { kind } truncated } }",
                Map.of("urn", reportJob)).get("lineage");
        assertThat(fromJob.get("nodes").findValuesAsText("name")).containsExactly("report", "mart.daily_revenue");
        assertThat(fromJob.get("edges").findValuesAsText("kind")).containsExactly("READS");
        assertThat(fromJob.get("truncated").asBoolean()).as("daily_revenue lies beyond depth 1").isTrue();

        // Paging over the nodes: two pages of the same walk hold every node once.
        JsonNode first = data("query($urn: ID!) { lineage(urn: $urn, direction: DOWNSTREAM, depth: 2, first: 3) { nodes { name } pageInfo { hasNextPage endCursor } } }",
                Map.of("urn", ordersUrn)).get("lineage");
        assertThat(first.get("nodes")).hasSize(3);
        assertThat(first.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        JsonNode second = data("query($urn: ID!, $after: String) { lineage(urn: $urn, direction: DOWNSTREAM, depth: 2, first: 3, after: $after) { nodes { name } pageInfo { hasNextPage } } }",
                Map.of("urn", ordersUrn, "after", first.at("/pageInfo/endCursor").asText())).get("lineage");
        assertThat(second.get("nodes").findValuesAsText("name")).containsExactly("report", "mart.report");
        assertThat(second.at("/pageInfo/hasNextPage").asBoolean()).isFalse();

        JsonNode owned = data("mutation($urn: ID!) { setOwners(urn: $urn, owners: [{principal: \"" + OWNER + "\", ownershipType: TECHNICAL_OWNER}]) { urn } }",
                Map.of("urn", reportUrn));
        assertThat(owned.at("/setOwners/urn").asText()).isEqualTo(reportUrn);
        JsonNode impact = data("""
                query($urn: ID!) { impact(datasetUrn: $urn, column: "amount") {
                  columns { name } datasets { name } jobs { name } owners { principal { urn name kind } owns { urn } } truncated
                } }""", Map.of("urn", ordersUrn)).get("impact");
        assertThat(impact.get("columns").findValuesAsText("name")).containsExactly("revenue", "total");
        assertThat(impact.get("datasets").findValuesAsText("name")).containsExactly("mart.daily_revenue", "mart.report");
        assertThat(impact.get("jobs").findValuesAsText("name")).containsExactlyInAnyOrder("daily_revenue", "report");
        assertThat(impact.at("/owners/0/principal/urn").asText()).isEqualTo(OWNER);
        assertThat(impact.at("/owners/0/principal/kind").asText()).isEqualTo("user");
        assertThat(impact.at("/owners/0/owns/0/urn").asText()).isEqualTo(reportUrn);
        JsonNode unrelated = data("query($urn: ID!) { impact(datasetUrn: $urn, column: \"id\") { columns { name } datasets { name } } }",
                Map.of("urn", ordersUrn)).get("impact");
        assertThat(unrelated.get("columns")).isEmpty();
        JsonNode whole = data("query($urn: ID!) { impact(datasetUrn: $urn) { datasets { name } jobs { name } } }", Map.of("urn", ordersUrn)).get("impact");
        assertThat(whole.get("datasets").findValuesAsText("name")).contains("mart.daily_revenue", "mart.report");
        assertThat(whole.get("jobs").findValuesAsText("name")).as("a sink that reads a downstream dataset breaks too")
                .contains("daily_revenue", "report", "export");
    }

    @Test
    @Order(3)
    void searchFindsCatalogTablesWithFacetsAndCursorPaging() {
        JsonNode hit = awaitSearch("{ search(query: \"orders\", filters: [{field: \"namespace\", values: [\"default." + NS + "\"]}]) {"
                + " totalCount edges { cursor node { urn type name namespace platform highlights { field fragments } dataset { urn name } entity { urn type } } }"
                + " facets { field values { value count } } pageInfo { hasNextPage endCursor } } }", json -> json.at("/search/totalCount").asInt() == 1);
        JsonNode search = hit.get("search");
        assertThat(search.at("/edges/0/node/name").asText()).isEqualTo("orders");
        assertThat(search.at("/edges/0/node/type").asText()).isEqualTo("DATASET");
        assertThat(search.at("/edges/0/node/dataset/urn").asText()).isEqualTo(ordersUrn);
        assertThat(search.at("/edges/0/node/entity/type").asText()).isEqualTo("DATASET");
        JsonNode platform = find(search.get("facets"), facet -> facet.get("field").asText().equals("platform"));
        assertThat(platform.at("/values/0/value").asText()).isEqualTo("iceberg");
        assertThat(platform.at("/values/0/count").asInt()).isEqualTo(1);

        JsonNode all = awaitSearch(pagedSearch(7, null), json -> json.at("/search/totalCount").asInt() == PAGE_TABLES);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = data(pagedSearch(7, cursor)).get("search");
            page.get("edges").forEach(edge -> assertThat(seen.add(edge.at("/node/urn").asText())).isTrue());
            cursor = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(all.at("/search/totalCount").asInt()).isEqualTo(PAGE_TABLES);
        assertThat(seen).hasSize(PAGE_TABLES);
    }

    private static String pagedSearch(int first, String after) {
        return "{ search(query: \"\", filters: [{field: \"namespace\", values: [\"default." + PAGE_NS + "\"]}], first: " + first
                + (after == null ? "" : ", after: \"" + after + "\"") + ") { totalCount edges { node { urn } } pageInfo { hasNextPage endCursor } } }";
    }

    /**
     * N+1: a search page of 50 datasets with their owners and tags costs the same number of Neo4j statements as a page
     * of 5 (one for the datasets, one for all their aspects), counted by the API's statement counter.
     */
    @Test
    @Order(4)
    void aPageOfFiftyDatasetsWithOwnersAndTagsCostsAConstantNumberOfRoundTrips() {
        List<String> urns = new ArrayList<>();
        JsonNode page = awaitSearch(pagedSearch(PAGE_TABLES, null), json -> json.at("/search/edges").size() == PAGE_TABLES);
        page.at("/search/edges").forEach(edge -> urns.add(edge.at("/node/urn").asText()));
        StringBuilder owners = new StringBuilder("mutation {");
        StringBuilder tags = new StringBuilder("mutation {");
        for (int i = 0; i < urns.size(); i++) {
            owners.append(" o").append(i).append(": setOwners(urn: \"").append(urns.get(i)).append("\", owners: [{principal: \"")
                    .append(OWNER).append("\", ownershipType: DATA_STEWARD}]) { urn }");
            tags.append(" t").append(i).append(": setTags(urn: \"").append(urns.get(i)).append("\", tags: [\"gold\", \"t").append(i).append("\"]) { urn }");
        }
        assertThat(data(owners.append(" }").toString()).size()).isEqualTo(PAGE_TABLES);
        assertThat(data(tags.append(" }").toString()).size()).isEqualTo(PAGE_TABLES);

        String query = "query($first: Int) { search(query: \"\", filters: [{field: \"namespace\", values: [\"default." + PAGE_NS + "\"]}], first: $first) {"
                + " edges { node { urn dataset { urn name owners { principal { urn } ownershipType } tags } } } } }";
        long before = roundTrips.statements();
        JsonNode fifty = data(query, Map.of("first", PAGE_TABLES));
        long fiftyCost = roundTrips.statements() - before;
        before = roundTrips.statements();
        JsonNode five = data(query, Map.of("first", 5));
        long fiveCost = roundTrips.statements() - before;

        JsonNode edges = fifty.at("/search/edges");
        assertThat(edges).hasSize(PAGE_TABLES);
        for (JsonNode edge : edges) {
            assertThat(edge.at("/node/dataset/owners/0/principal/urn").asText()).isEqualTo(OWNER);
            assertThat(edge.at("/node/dataset/owners/0/ownershipType").asText()).isEqualTo("DATA_STEWARD");
            assertThat(edge.at("/node/dataset/tags/0").asText()).isEqualTo("gold");
        }
        assertThat(five.at("/search/edges")).hasSize(5);
        System.out.printf("GraphQL N+1: search page of %d datasets with owners and tags = %d Neo4j statements; page of 5 = %d%n",
                PAGE_TABLES, fiftyCost, fiveCost);
        assertThat(fiftyCost).isEqualTo(fiveCost).isLessThanOrEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------------- mutations

    @Test
    @Order(5)
    void everyGovernanceMutationReturnsTheUpdatedEntityAndIsAudited() {
        JsonNode description = data("mutation($urn: ID!) { updateDescription(urn: $urn, description: \"All **orders**.\") { urn description } }",
                Map.of("urn", ordersUrn));
        assertThat(description.at("/updateDescription/description").asText()).isEqualTo("All **orders**.");

        JsonNode owners = data("mutation($urn: ID!) { setOwners(urn: $urn, owners: [{principal: \"urn:cairn:principal:user:bob\", ownershipType: TECHNICAL_OWNER},"
                + " {principal: \"urn:cairn:principal:group:finance\", ownershipType: BUSINESS_OWNER}]) { ... on Dataset { owners { principal { urn kind name } ownershipType } } } }",
                Map.of("urn", ordersUrn));
        assertThat(owners.at("/setOwners/owners/1/principal/kind").asText()).isEqualTo("group");
        assertThat(owners.at("/setOwners/owners/1/ownershipType").asText()).isEqualTo("BUSINESS_OWNER");

        JsonNode tags = data("mutation($urn: ID!) { setTags(urn: $urn, tags: [\"pii\", \"gold\"]) { ... on Dataset { tags } } }", Map.of("urn", ordersUrn));
        assertThat(List.of(tags.at("/setTags/tags/0").asText(), tags.at("/setTags/tags/1").asText())).containsExactly("gold", "pii");

        JsonNode parentTerm = data("mutation { upsertGlossaryTerm(id: \"gq-customer\", term: {name: \"Customer\", definition: \"Someone who buys.\"}) { urn id name definition parent { urn } } }");
        assertThat(parentTerm.at("/upsertGlossaryTerm/urn").asText()).isEqualTo("urn:cairn:term:gq-customer");
        assertThat(parentTerm.at("/upsertGlossaryTerm/definition").asText()).isEqualTo("Someone who buys.");
        JsonNode childTerm = data("mutation { upsertGlossaryTerm(id: \"gq-customer-id\", term: {name: \"Customer id\", parent: \"urn:cairn:term:gq-customer\"}) { urn parent { name children { urn } } } }");
        assertThat(childTerm.at("/upsertGlossaryTerm/parent/name").asText()).isEqualTo("Customer");
        assertThat(childTerm.at("/upsertGlossaryTerm/parent/children/0/urn").asText()).isEqualTo("urn:cairn:term:gq-customer-id");
        JsonNode terms = data("mutation($urn: ID!) { setGlossaryTerms(urn: $urn, terms: [\"urn:cairn:term:gq-customer\"]) { ... on Dataset { glossaryTerms { urn name } } } }",
                Map.of("urn", ordersUrn));
        assertThat(terms.at("/setGlossaryTerms/glossaryTerms/0/name").asText()).isEqualTo("Customer");
        String customerId = ordersUrn.replace("urn:cairn:dataset:", "urn:cairn:column:") + ":customer_id";
        JsonNode columnTerms = data("mutation($urn: ID!) { setGlossaryTerms(urn: $urn, terms: [\"urn:cairn:term:gq-customer-id\"]) { urn type ... on Column { name glossaryTerms { name } } } }",
                Map.of("urn", customerId));
        assertThat(columnTerms.at("/setGlossaryTerms/type").asText()).isEqualTo("COLUMN");
        assertThat(columnTerms.at("/setGlossaryTerms/glossaryTerms/0/name").asText()).isEqualTo("Customer id");

        data("mutation { upsertDomain(id: \"gq-sales\", domain: {name: \"Sales\", description: \"Selling things\"}) { urn } }");
        JsonNode subDomain = data("mutation { upsertDomain(id: \"gq-sales-eu\", domain: {name: \"Sales EU\", parent: \"urn:cairn:domain:gq-sales\"}) { urn name parent { name description children { name } } } }");
        assertThat(subDomain.at("/upsertDomain/parent/description").asText()).isEqualTo("Selling things");
        assertThat(subDomain.at("/upsertDomain/parent/children/0/name").asText()).isEqualTo("Sales EU");
        JsonNode domain = data("mutation($urn: ID!) { setDomain(urn: $urn, domain: \"urn:cairn:domain:gq-sales-eu\") { ... on Dataset { domain { urn name parent { name } } } } }",
                Map.of("urn", ordersUrn));
        assertThat(domain.at("/setDomain/domain/parent/name").asText()).isEqualTo("Sales");

        JsonNode deprecation = data("mutation($urn: ID!) { setDeprecation(urn: $urn, deprecation: {deprecated: true, note: \"use orders_v2\", decommissionDate: \"2030-01-31\"}) {"
                + " ... on Dataset { deprecation { deprecated note decommissionDate } } } }", Map.of("urn", ordersUrn));
        assertThat(deprecation.at("/setDeprecation/deprecation/note").asText()).isEqualTo("use orders_v2");
        assertThat(deprecation.at("/setDeprecation/deprecation/decommissionDate").asText()).isEqualTo("2030-01-31");

        JsonNode properties = data("mutation($urn: ID!) { setCustomProperties(urn: $urn, properties: [{key: \"sla\", value: \"daily\"}, {key: \"tier\", value: \"1\"}]) {"
                + " ... on Dataset { customProperties { key value } } } }", Map.of("urn", ordersUrn));
        assertThat(properties.at("/setCustomProperties/customProperties").findValuesAsText("key")).containsExactly("sla", "tier");

        JsonNode assertions = data("""
                mutation($urn: ID!) { setQualityAssertions(datasetUrn: $urn, assertions: [
                    {id: "ids-not-null", kind: NOT_NULL, column: "id", description: "ids are set"},
                    {id: "amount-range", kind: RANGE, column: "amount", parameters: [{key: "min", value: "0"}]}]) {
                  qualityAssertions { id kind column parameters { key value } } health } }""", Map.of("urn", ordersUrn));
        assertThat(assertions.at("/setQualityAssertions/qualityAssertions").findValuesAsText("id")).containsExactly("ids-not-null", "amount-range");
        assertThat(assertions.at("/setQualityAssertions/qualityAssertions/1/parameters/0/value").asText()).isEqualTo("0");
        assertThat(assertions.at("/setQualityAssertions/health").asText()).isEqualTo("UNKNOWN");
        data("mutation($urn: ID!) { recordQualityResults(datasetUrn: $urn, run: {runId: \"q1\", at: \"2025-01-01T00:00:00Z\", results: ["
                + "{assertion: \"ids-not-null\", kind: NOT_NULL, success: true}]}) { health } }", Map.of("urn", ordersUrn));
        JsonNode failing = data("mutation($urn: ID!) { recordQualityResults(datasetUrn: $urn, run: {runId: \"q2\", at: \"2025-01-02T00:00:00Z\", results: ["
                + "{assertion: \"ids-not-null\", kind: NOT_NULL, success: true}, {assertion: \"amount-range\", kind: RANGE, column: \"amount\", success: false, actual: \"-3\"}]}) {"
                + " health latestQualityRun { runId health results { assertion success actual } } qualityRuns(first: 1) { edges { node { runId } } pageInfo { hasNextPage endCursor } } } }",
                Map.of("urn", ordersUrn)).get("recordQualityResults");
        assertThat(failing.get("health").asText()).isEqualTo("FAILING");
        assertThat(failing.at("/latestQualityRun/runId").asText()).isEqualTo("q2");
        assertThat(failing.at("/latestQualityRun/results/1/actual").asText()).isEqualTo("-3");
        assertThat(failing.at("/qualityRuns/edges/0/node/runId").asText()).isEqualTo("q2");
        assertThat(failing.at("/qualityRuns/pageInfo/hasNextPage").asBoolean()).isTrue();
        JsonNode older = data("query($urn: ID, $after: String) { dataset(urn: $urn) { qualityRuns(first: 5, after: $after) { edges { node { runId health } } } } }",
                Map.of("urn", ordersUrn, "after", failing.at("/qualityRuns/pageInfo/endCursor").asText()));
        assertThat(older.at("/dataset/qualityRuns/edges").findValuesAsText("runId")).containsExactly("q1");

        JsonNode lists = data("{ glossaryTerms(first: 100) { edges { node { urn name } } } domains { edges { node { urn name parent { urn } } } } me { role principal { urn } } }");
        assertThat(lists.at("/glossaryTerms/edges").findValuesAsText("name")).contains("Customer", "Customer id");
        assertThat(lists.at("/domains/edges").findValuesAsText("name")).contains("Sales", "Sales EU");
        assertThat(lists.at("/me/role").asText()).isEqualTo("admin");
        JsonNode entity = data("{ entity(urn: \"urn:cairn:term:gq-customer\") { urn type description ... on GlossaryTerm { name } } }");
        assertThat(entity.at("/entity/type").asText()).isEqualTo("GLOSSARY_TERM");

        // Every write is in the audit log, newest first, paged by cursor.
        JsonNode audit = data("query($urn: ID) { auditLog(urn: $urn, first: 3) { edges { cursor node { seq urn aspect version principal at after } } pageInfo { hasNextPage endCursor } } }",
                Map.of("urn", ordersUrn)).get("auditLog");
        assertThat(audit.get("edges")).hasSize(3);
        assertThat(audit.at("/edges/0/node/aspect").asText()).isEqualTo("qualityResults");
        assertThat(audit.at("/edges/0/node/principal").asText()).isEqualTo("urn:cairn:principal:client:root");
        assertThat(audit.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        JsonNode next = data("query($urn: ID, $after: String) { auditLog(urn: $urn, first: 3, after: $after) { edges { node { seq aspect } } } }",
                Map.of("urn", ordersUrn, "after", audit.at("/pageInfo/endCursor").asText())).get("auditLog");
        long lastOfFirst = audit.at("/edges/2/node/seq").asLong();
        assertThat(next.at("/edges/0/node/seq").asLong()).isLessThan(lastOfFirst);
        assertThat(next.at("/edges/0/node/aspect").asText()).isEqualTo("customProperties");
        JsonNode byPrincipal = data("{ auditLog(principal: \"urn:cairn:principal:client:root\", first: 1) { edges { node { principal } } } }");
        assertThat(byPrincipal.at("/auditLog/edges/0/node/principal").asText()).isEqualTo("urn:cairn:principal:client:root");
    }

    // ---------------------------------------------------------------------------------------------------- bad input, limits, auth

    @Test
    @Order(6)
    void badInputIsRefusedWithACodeAndChangesNothing() {
        String tagsBefore = data("query($urn: ID) { dataset(urn: $urn) { tags } }", Map.of("urn", ordersUrn)).toString();
        assertThat(code(graphQl("mutation($urn: ID!) { setTags(urn: $urn, tags: [\"no spaces allowed\"]) { urn } }", Map.of("urn", ordersUrn), rootToken)))
                .isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("mutation { setTags(urn: \"urn:cairn:dataset:" + UUID.randomUUID() + "\", tags: [\"x\"]) { urn } }", Map.of(), rootToken)))
                .isEqualTo("NOT_FOUND");
        assertThat(code(graphQl("mutation { setTags(urn: \"not-a-urn\", tags: [\"x\"]) { urn } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("mutation($urn: ID!) { setGlossaryTerms(urn: $urn, terms: [\"urn:cairn:term:gq-missing\"]) { urn } }",
                Map.of("urn", ordersUrn), rootToken))).isEqualTo("NOT_FOUND");
        assertThat(code(graphQl("mutation { upsertDomain(id: \"gq-sales\", domain: {name: \"Sales\", parent: \"urn:cairn:domain:gq-sales-eu\"}) { urn } }",
                Map.of(), rootToken))).as("a cycle").isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("mutation($urn: ID!) { setDeprecation(urn: $urn, deprecation: {deprecated: true, decommissionDate: \"soon\"}) { urn } }",
                Map.of("urn", ordersUrn), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("mutation($urn: ID!) { updateDescription(urn: $urn, description: $text) { urn } }",
                Map.of("urn", ordersUrn), rootToken))).as("undeclared variable").isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("mutation($urn: ID!, $text: String!) { updateDescription(urn: $urn, description: $text) { urn } }",
                Map.of("urn", ordersUrn, "text", "x".repeat(70_000)), rootToken))).as("oversize").isEqualTo("BAD_USER_INPUT");
        assertThat(data("query($urn: ID) { dataset(urn: $urn) { tags } }", Map.of("urn", ordersUrn)).toString()).isEqualTo(tagsBefore);
        assertThat(data("query($urn: ID) { dataset(urn: $urn) { description } }", Map.of("urn", ordersUrn)).at("/dataset/description").asText())
                .isEqualTo("All **orders**.");

        assertThat(code(graphQl("{ dataset(urn: \"urn:cairn:job:" + UUID.randomUUID() + "\") { urn } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("{ dataset(namespace: \"iceberg\") { urn } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("{ dataset(urn: \"urn:cairn:dataset:x\") { urn nope } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("{ dataset(urn: ", Map.of(), rootToken))).as("syntax").isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("{ search(query: \"x\", first: 1000) { totalCount } }", Map.of(), rootToken))).isEqualTo("LIMIT_EXCEEDED");
        assertThat(code(graphQl("{ search(query: \"x\", first: 0) { totalCount } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("{ search(query: \"x\", filters: [{field: \"colour\", values: [\"red\"]}]) { totalCount } }", Map.of(), rootToken)))
                .isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("{ auditLog(first: 2, after: \"garbage\") { edges { cursor } } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
        assertThat(code(graphQl("query($urn: ID!) { lineage(urn: $urn, depth: 500) { truncated } }", Map.of("urn", ordersUrn), rootToken)))
                .isEqualTo("LIMIT_EXCEEDED");
        assertThat(code(graphQl("query($urn: ID!) { columnLineage(datasetUrn: $urn, column: \"no_such_column\") { truncated } }",
                Map.of("urn", ordersUrn), rootToken))).isEqualTo("NOT_FOUND");
        assertThat(code(graphQl("{ lineage(urn: \"urn:cairn:dataset:" + UUID.randomUUID() + "\") { truncated } }", Map.of(), rootToken))).isEqualTo("NOT_FOUND");
        assertThat(code(graphQl("{ lineage(urn: \"urn:cairn:term:gq-customer\") { truncated } }", Map.of(), rootToken))).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    @Order(7)
    void depthAndComplexityLimitsRefuseQueriesBeforeTheyRun() {
        String deep = "{ run(runId: \"" + UUID.randomUUID() + "\") { " + "parent { ".repeat(16) + "urn" + " }".repeat(16) + " } }";
        JsonNode tooDeep = graphQl(deep, Map.of(), rootToken);
        assertThat(code(tooDeep)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(tooDeep.at("/errors/0/message").asText()).contains("levels deep");
        assertThat(tooDeep.path("data").isMissingNode() || tooDeep.path("data").isNull()).isTrue();

        long before = roundTrips.statements();
        JsonNode tooComplex = graphQl("{ search(query: \"\", first: 100) { edges { node { dataset { columns { upstream { from { dataset { columns { name } } } } } } } } } }",
                Map.of(), rootToken);
        assertThat(code(tooComplex)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(tooComplex.at("/errors/0/message").asText()).contains("complexity");
        assertThat(roundTrips.statements()).as("refused before any backend read").isEqualTo(before);

        JsonNode fine = graphQl("{ search(query: \"\", first: 2) { edges { node { dataset { columns { name } } } } } }", Map.of(), rootToken);
        assertThat(fine.has("errors")).as(fine.toString()).isFalse();
    }

    @Test
    @Order(8)
    void bearerTokensAreRequiredAndWritesNeedTheWriterRole() {
        HttpApi.Reply anonymous = api.post("/graphql", null, "application/json", "{\"query\":\"{ me { role } }\"}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
        HttpApi.Reply forged = api.post("/graphql", "not-a-token", "application/json", "{\"query\":\"{ me { role } }\"}");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");

        String reader = createClient("gq-reader-" + UUID.randomUUID().toString().substring(0, 6), "reader");
        JsonNode me = graphQl("{ me { role principal { kind name } } }", Map.of(), reader);
        assertThat(me.at("/data/me/role").asText()).isEqualTo("reader");
        assertThat(me.at("/data/me/principal/kind").asText()).isEqualTo("client");
        JsonNode read = graphQl("query($urn: ID) { dataset(urn: $urn) { name } }", Map.of("urn", ordersUrn), reader);
        assertThat(read.at("/data/dataset/name").asText()).isEqualTo("orders");
        JsonNode refused = graphQl("mutation($urn: ID!) { setTags(urn: $urn, tags: [\"hacked\"]) { urn } }", Map.of("urn", ordersUrn), reader);
        assertThat(code(refused)).isEqualTo("FORBIDDEN");
        assertThat(code(graphQl("mutation { upsertDomain(id: \"gq-x\", domain: {name: \"X\"}) { urn } }", Map.of(), reader))).isEqualTo("FORBIDDEN");
        assertThat(data("query($urn: ID) { dataset(urn: $urn) { tags } }", Map.of("urn", ordersUrn)).at("/dataset/tags").toString()).doesNotContain("hacked");

        String writer = createClient("gq-writer-" + UUID.randomUUID().toString().substring(0, 6), "writer");
        JsonNode written = graphQl("mutation($urn: ID!) { updateDescription(urn: $urn, description: \"by a writer\") { description } }",
                Map.of("urn", ordersUrn), writer);
        assertThat(written.at("/data/updateDescription/description").asText()).isEqualTo("by a writer");

        // GraphiQL is a static page anyone may load; the queries it sends still need a token.
        HttpApi.Reply page = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/graphiql?path=/graphql")).GET());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("graphiql");
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private String createClient(String id, String role) {
        HttpApi.Reply created = api.post("/api/v1/admin/clients", rootToken, "application/json",
                "{\"clientId\":\"" + id + "\",\"role\":\"" + role + "\",\"description\":\"graphql test\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return api.token(id, created.json().get("clientSecret").asText());
    }

    private JsonNode graphQl(String query, Map<String, Object> variables, String token) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("query", query);
        body.set("variables", MAPPER.valueToTree(variables));
        HttpApi.Reply reply = api.post("/graphql", token, "application/json", body.toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode data(String query) {
        return data(query, Map.of());
    }

    private JsonNode data(String query, Map<String, Object> variables) {
        JsonNode reply = graphQl(query, variables, rootToken);
        assertThat(reply.has("errors")).as(reply.toString()).isFalse();
        return reply.get("data");
    }

    private static String code(JsonNode reply) {
        assertThat(reply.has("errors")).as(reply.toString()).isTrue();
        return reply.at("/errors/0/extensions/code").asText();
    }

    private JsonNode awaitSearch(String query, Predicate<JsonNode> ready) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode last;
        do {
            last = data(query);
            if (ready.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("search did not get there in 60 s: " + last);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get("name").asText()));
        return names;
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode node : array) {
            if (test.test(node)) {
                return node;
            }
        }
        throw new AssertionError("nothing matches in " + array);
    }
}
