package io.cairn.server.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.lineage.kafka.OpenLineageKafkaConsumer;
import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import io.cairn.server.config.KafkaClientSettings;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OpenLineage over Kafka into the running server, read back through Marquez's namespace, dataset, job, run and raw
 * event endpoints; and Cairn's paged upstream/downstream reads and impact analysis, owners included.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LineageApiTest {

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/cairn/tests/api"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        // Two topics, as CAIRN_LINEAGE_KAFKA_TOPICS=openlineage,openlineage-team-b would configure them.
        registry.add("cairn.lineage.kafka.topics", () -> "openlineage,openlineage-team-b");
        // The shared test machine can be slower than any production server; the timeout answer has its own test.
        registry.add("cairn.lineage.read.timeout", () -> "120s");
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaClientSettings kafka;

    @Autowired
    OpenLineageKafkaConsumer consumer;

    HttpApi api;
    String token;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
    }

    @Test
    void eventsOverKafkaReadBackThroughMarquezEndpoints() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String namespace = "mq_" + suffix;
        String input = "shop_" + suffix + ".orders";
        String output = "/marts/totals_" + suffix;
        UUID runId = UUID.randomUUID();
        ZonedDateTime started = ZonedDateTime.of(2026, 11, 21, 8, 0, 0, 0, ZoneOffset.UTC);
        try (OpenLineageClient client = kafkaClient("openlineage")) {
            client.emit(event(OpenLineage.RunEvent.EventType.START, runId, namespace, "daily_totals", started, input, output));
            client.emit(event(OpenLineage.RunEvent.EventType.COMPLETE, runId, namespace, "daily_totals", started.plusSeconds(5), input, output));
        }
        JsonNode run = await("/api/v1/jobs/runs/" + runId, json -> "COMPLETED".equals(json.path("state").asText()));
        assertThat(run.get("id").asText()).isEqualTo(runId.toString());
        assertThat(run.get("startedAt").asText()).isEqualTo("2026-11-21T08:00:00Z");
        assertThat(run.get("endedAt").asText()).isEqualTo("2026-11-21T08:00:05Z");
        assertThat(run.get("durationMs").asLong()).isEqualTo(5000);
        assertThat(run.at("/jobVersion/namespace").asText()).isEqualTo(namespace);
        assertThat(run.at("/jobVersion/name").asText()).isEqualTo("daily_totals");
        assertThat(run.at("/jobVersion/version").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(run.get("nominalStartTime").asText()).startsWith("2026-11-21T07:00");
        assertThat(run.at("/inputDatasetVersions/0/datasetVersionId/name").asText()).isEqualTo(input);
        assertThat(run.at("/outputDatasetVersions/0/datasetVersionId/namespace").asText()).isEqualTo("s3://lake");
        assertThat(run.at("/facets/nominalTime/nominalStartTime").isMissingNode()).isFalse();

        JsonNode namespaces = ok("/api/v1/namespaces?limit=1000");
        assertThat(namespaces.get("namespaces").findValuesAsText("name")).contains(namespace, "postgres://db:5432", "s3://lake");
        assertThat(ok("/api/v1/namespaces/" + namespace).get("name").asText()).isEqualTo(namespace);
        assertThat(ok("/api/v1/namespaces?limit=1").get("namespaces")).hasSize(1);

        JsonNode datasets = ok("/api/v1/namespaces/" + HttpApi.encode("postgres://db:5432") + "/datasets");
        assertThat(datasets.get("totalCount").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode orders = find(datasets.get("datasets"), "name", input);
        assertThat(orders.at("/id/namespace").asText()).isEqualTo("postgres://db:5432");
        assertThat(orders.get("fields").findValuesAsText("name")).containsExactly("amount", "id");

        JsonNode totals = ok("/api/v1/namespaces/" + HttpApi.encode("s3://lake") + "/datasets/" + HttpApi.encode(output));
        assertThat(totals.get("name").asText()).isEqualTo(output);
        assertThat(totals.get("type").asText()).isEqualTo("DB_TABLE");
        assertThat(totals.at("/fields/0/name").asText()).isEqualTo("total");
        assertThat(totals.at("/fields/0/type").asText()).isEqualTo("decimal");
        assertThat(totals.at("/facets/schema/fields/0/name").asText()).isEqualTo("total");
        assertThat(totals.get("lastModifiedAt").asText()).isEqualTo("2026-11-21T08:00:05Z");
        assertThat(totals.get("urn").asText()).startsWith("urn:cairn:dataset:");

        JsonNode jobs = ok("/api/v1/namespaces/" + namespace + "/jobs");
        assertThat(jobs.get("totalCount").asInt()).isEqualTo(1);
        JsonNode job = jobs.at("/jobs/0");
        assertThat(job.get("name").asText()).isEqualTo("daily_totals");
        assertThat(job.get("type").asText()).isEqualTo("BATCH");
        assertThat(job.at("/inputs/0/name").asText()).isEqualTo(input);
        assertThat(job.at("/outputs/0/name").asText()).isEqualTo(output);
        assertThat(job.get("location").asText()).isEqualTo("https://git.example.com/etl/daily_totals.sql");
        assertThat(job.get("description").asText()).isEqualTo("Daily order totals");
        assertThat(job.at("/latestRun/id").asText()).isEqualTo(runId.toString());
        assertThat(job.at("/latestRun/state").asText()).isEqualTo("COMPLETED");
        assertThat(ok("/api/v1/namespaces/" + namespace + "/jobs/daily_totals").get("currentVersion").asText())
                .isEqualTo(run.at("/jobVersion/version").asText());

        JsonNode runs = ok("/api/v1/namespaces/" + namespace + "/jobs/daily_totals/runs");
        assertThat(runs.get("totalCount").asInt()).isEqualTo(1);
        assertThat(runs.at("/runs/0/id").asText()).isEqualTo(runId.toString());

        assertThat(api.get("/api/v1/namespaces/nope_" + suffix, token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/namespaces/" + namespace + "/jobs/nope", token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs/runs/" + UUID.randomUUID(), token).status()).isEqualTo(404);
        HttpApi.Reply notUuid = api.get("/api/v1/jobs/runs/not-a-uuid", token);
        assertThat(notUuid.status()).isEqualTo(400);
        assertThat(notUuid.json().get("detail").asText()).contains("not a UUID");
        assertThat(api.get("/api/v1/namespaces?limit=0", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/namespaces", null).status()).isEqualTo(401);

        // the kept raw events, as Marquez lists them: by event time, newest first, the range's size in totalCount
        String range = "after=" + HttpApi.encode("2026-11-21T08:00:00+00:00") + "&before=2026-11-21T08:00:06Z";
        JsonNode kept = ok("/api/v1/events/lineage?" + range + "&limit=1000");
        List<JsonNode> ours = new ArrayList<>();
        kept.get("events").forEach(event -> {
            if (namespace.equals(event.at("/job/namespace").asText())) {
                ours.add(event);
            }
        });
        assertThat(ours).extracting(event -> event.get("eventType").asText()).containsExactly("COMPLETE", "START");
        assertThat(ours.get(0).at("/run/runId").asText()).isEqualTo(runId.toString());
        assertThat(ours.get(0).at("/outputs/0/facets/columnLineage/fields/total/inputFields/0/field").asText()).isEqualTo("amount");
        assertThat(kept.get("totalCount").asInt()).isEqualTo(kept.get("events").size());
        JsonNode oldest = ok("/api/v1/events/lineage?" + range + "&sortDirection=asc&limit=1");
        assertThat(oldest.get("events")).hasSize(1);
        assertThat(oldest.get("totalCount").asInt()).isEqualTo(kept.get("totalCount").asInt());
        assertThat(oldest.at("/events/0/eventTime").asText()).startsWith("2026-11-21T08:00:00");
        // an unencoded '+' in the offset arrives as a space and is still read as one
        assertThat(ok("/api/v1/events/lineage?after=2026-11-21T08:00:05+00:00&before=2026-11-21T08:00:06Z&limit=1000")
                .get("events").findValuesAsText("eventType")).contains("COMPLETE").doesNotContain("START");
        HttpApi.Reply badTime = api.get("/api/v1/events/lineage?after=yesterday", token);
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("detail").asText()).contains("after").contains("ISO-8601");
        assertThat(api.get("/api/v1/events/lineage?sortDirection=sideways", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events/lineage?limit=-1", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events/lineage", null).status()).isEqualTo(401);
    }

    @Test
    void everyConfiguredTopicIsConsumed() throws Exception {
        String namespace = "team_b_" + UUID.randomUUID().toString().substring(0, 8);
        UUID runId = UUID.randomUUID();
        try (OpenLineageClient client = kafkaClient("openlineage-team-b")) {
            client.emit(event(OpenLineage.RunEvent.EventType.COMPLETE, runId, namespace, "load", ZonedDateTime.now(), "b.src", "/b/dst"));
        }
        assertThat(await("/api/v1/jobs/runs/" + runId, json -> "COMPLETED".equals(json.path("state").asText()))
                .at("/jobVersion/namespace").asText()).isEqualTo(namespace);
        assertThat(consumer.state().events()).isGreaterThanOrEqualTo(1);
        assertThat(consumer.state().committedBatches()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void impactAnalysisReachesColumnsDatasetsJobsAndOwnersPageByPage() {
        String ns = "imp_" + UUID.randomUUID().toString().substring(0, 8);
        ingestImpactGraph(ns);
        String totals = ok("/api/v1/namespaces/" + ns + "/datasets/mart.totals").get("urn").asText();
        assertThat(api.put("/api/v1/governance/entities/" + totals + "/ownership", token,
                "{\"owners\":[{\"owner\":\"urn:cairn:principal:user:alice\",\"type\":\"TECHNICAL_OWNER\"}]}").status()).isEqualTo(200);

        String start = HttpApi.encode("datasetField:" + ns + ":raw.orders:amount");
        JsonNode all = ok("/api/v1/lineage/impact?column=" + start + "&depth=10");
        List<String> expected = List.of(
                "DATASET_FIELD datasetField:" + ns + ":stg.orders:amount 1", "DATASET dataset:" + ns + ":stg.orders 1", "JOB job:" + ns + ":stage 1",
                "DATASET_FIELD datasetField:" + ns + ":mart.totals:total 2", "DATASET dataset:" + ns + ":mart.totals 2", "JOB job:" + ns + ":aggregate 2",
                "OWNER urn:cairn:principal:user:alice 2",
                "DATASET_FIELD datasetField:" + ns + ":report.kpis:kpi 3", "DATASET dataset:" + ns + ":report.kpis 3", "JOB job:" + ns + ":report 3",
                "OWNER team:finance 3");
        assertThat(summary(all.get("items"))).containsExactlyElementsOf(expected);
        assertThat(cursor(all)).isNull();
        assertThat(all.get("truncated").asBoolean()).isFalse();
        JsonNode total = find(all.get("items"), "id", "datasetField:" + ns + ":mart.totals:total");
        assertThat(total.at("/via/0/from").asText()).isEqualTo("datasetField:" + ns + ":stg.orders:amount");
        assertThat(total.at("/via/0/job").asText()).isEqualTo("job:" + ns + ":aggregate");
        assertThat(total.at("/via/0/transformationSubtype").asText()).isEqualTo("AGGREGATION");
        assertThat(find(all.get("items"), "id", "dataset:" + ns + ":mart.totals").get("owners").findValuesAsText("owner"))
                .containsExactly("urn:cairn:principal:user:alice");
        JsonNode finance = find(all.get("items"), "id", "team:finance");
        assertThat(finance.get("owns").get(0).asText()).isEqualTo("job:" + ns + ":report");
        assertThat(finance.at("/owners").size()).isZero();

        // Page by page with an opaque cursor gives exactly the single answer, in order.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok("/api/v1/lineage/impact?column=" + start + "&depth=10&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(4);
            paged.addAll(summary(page.get("items")));
            cursor = cursor(page);
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(expected);

        // Only identity edges: the aggregation into mart.totals stops the expansion.
        JsonNode identity = ok("/api/v1/lineage/impact?column=" + start + "&transformationSubtype=IDENTITY");
        assertThat(summary(identity.get("items"))).containsExactly(
                "DATASET_FIELD datasetField:" + ns + ":stg.orders:amount 1", "DATASET dataset:" + ns + ":stg.orders 1", "JOB job:" + ns + ":stage 1");

        // The status column feeds mart.totals as a FILTER and, through the dataset-level dependency list, the whole table.
        JsonNode status = ok("/api/v1/lineage/impact?column=" + HttpApi.encode("datasetField:" + ns + ":stg.orders:status") + "&depth=1");
        JsonNode indirect = find(status.get("items"), "id", "dataset:" + ns + ":mart.totals");
        assertThat(indirect.get("via").findValuesAsText("transformationType")).contains("INDIRECT");
        assertThat(find(status.get("items"), "id", "datasetField:" + ns + ":mart.totals:total").at("/via/0/transformationSubtype").asText())
                .isEqualTo("FILTER");

        HttpApi.Reply depthOne = api.get("/api/v1/lineage/impact?column=" + start + "&depth=1", token);
        assertThat(depthOne.json().get("truncated").asBoolean()).as("more lies beyond depth 1").isTrue();
    }

    @Test
    void upstreamAndDownstreamAtDatasetAndColumnLevelWithFilters() {
        String ns = "trv_" + UUID.randomUUID().toString().substring(0, 8);
        ingestImpactGraph(ns);
        JsonNode down = ok("/api/v1/lineage/downstream?nodeId=" + HttpApi.encode("dataset:" + ns + ":raw.orders") + "&depth=5");
        assertThat(summary(down.get("items"))).containsExactly(
                "DATASET dataset:" + ns + ":stg.orders 1", "JOB job:" + ns + ":stage 1",
                "DATASET dataset:" + ns + ":mart.totals 2", "JOB job:" + ns + ":aggregate 2",
                "DATASET dataset:" + ns + ":report.kpis 3", "JOB job:" + ns + ":report 3");
        JsonNode onlyStage = ok("/api/v1/lineage/downstream?nodeId=" + HttpApi.encode("dataset:" + ns + ":raw.orders")
                + "&job=" + HttpApi.encode("job:" + ns + ":stage"));
        assertThat(summary(onlyStage.get("items"))).containsExactly("DATASET dataset:" + ns + ":stg.orders 1", "JOB job:" + ns + ":stage 1");

        JsonNode up = ok("/api/v1/lineage/upstream?nodeId=" + HttpApi.encode("datasetField:" + ns + ":report.kpis:kpi") + "&depth=2");
        assertThat(summary(up.get("items"))).containsExactly(
                "DATASET_FIELD datasetField:" + ns + ":mart.totals:total 1",
                "DATASET_FIELD datasetField:" + ns + ":stg.orders:amount 2", "DATASET_FIELD datasetField:" + ns + ":stg.orders:status 2");
        JsonNode direct = ok("/api/v1/lineage/upstream?nodeId=" + HttpApi.encode("datasetField:" + ns + ":mart.totals:total")
                + "&transformationType=DIRECT");
        assertThat(summary(direct.get("items"))).containsExactly(
                "DATASET_FIELD datasetField:" + ns + ":stg.orders:amount 1", "DATASET_FIELD datasetField:" + ns + ":raw.orders:amount 2");

        // Ugly input: each a 400 or 404 in the problem shape, never a 500.
        String field = HttpApi.encode("datasetField:" + ns + ":raw.orders:amount");
        assertThat(status("/api/v1/lineage/impact?column=" + field + "&cursor=not-a-cursor")).isEqualTo(400);
        String cursor = cursor(ok("/api/v1/lineage/impact?column=" + field + "&limit=1"));
        assertThat(cursor).isNotNull();
        assertThat(status("/api/v1/lineage/impact?column=" + field + "&limit=1&cursor=" + cursor)).isEqualTo(200);
        HttpApi.Reply otherQuery = api.get("/api/v1/lineage/impact?column=" + field + "&limit=1&depth=2&cursor=" + cursor, token);
        assertThat(otherQuery.status()).isEqualTo(400);
        assertThat(otherQuery.json().get("detail").asText()).contains("another query");
        assertThat(status("/api/v1/lineage/impact?column=" + HttpApi.encode("dataset:" + ns + ":raw.orders"))).isEqualTo(400);
        assertThat(status("/api/v1/lineage/impact?column=" + HttpApi.encode("datasetField:" + ns + ":raw.orders:nope"))).isEqualTo(404);
        assertThat(status("/api/v1/lineage/impact?column=urn:cairn:column:not-a-uuid:x")).isEqualTo(400);
        assertThat(status("/api/v1/lineage/downstream?nodeId=" + HttpApi.encode("dataset:" + ns + ":raw.orders") + "&transformationType=DIRECT"))
                .isEqualTo(400);
        assertThat(status("/api/v1/lineage/downstream?nodeId=" + HttpApi.encode("dataset:" + ns + ":raw.orders") + "&limit=0")).isEqualTo(400);
        assertThat(status("/api/v1/lineage/upstream?nodeId=" + HttpApi.encode("job:" + ns + ":stage"))).isEqualTo(400);
    }

    /**
     * raw.orders(amount, status) --stage--> stg.orders(amount, status) --aggregate--> mart.totals(total) --report--> report.kpis(kpi).
     * total = SUM(amount) filtered on status; status is also on mart.totals' dataset-level dependency list; the report job
     * carries an OpenLineage ownership facet.
     */
    private void ingestImpactGraph(String ns) {
        String ndjson = String.join("\n",
                completion(ns, "stage", "raw.orders", "stg.orders", """
                        "fields":{"amount":{"inputFields":[{"namespace":"%1$s","name":"raw.orders","field":"amount","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]},
                                  "status":{"inputFields":[{"namespace":"%1$s","name":"raw.orders","field":"status","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]}}
                        """.formatted(ns), ""),
                completion(ns, "aggregate", "stg.orders", "mart.totals", """
                        "fields":{"total":{"inputFields":[
                          {"namespace":"%1$s","name":"stg.orders","field":"amount","transformations":[{"type":"DIRECT","subtype":"AGGREGATION","description":"SUM(amount)"}]},
                          {"namespace":"%1$s","name":"stg.orders","field":"status","transformations":[{"type":"INDIRECT","subtype":"FILTER"}]}]}},
                        "dataset":[{"namespace":"%1$s","name":"stg.orders","field":"status","transformations":[{"type":"INDIRECT","subtype":"FILTER"}]}]
                        """.formatted(ns), ""),
                completion(ns, "report", "mart.totals", "report.kpis", """
                        "fields":{"kpi":{"inputFields":[{"namespace":"%1$s","name":"mart.totals","field":"total","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]}}
                        """.formatted(ns), ",\"facets\":{\"ownership\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"owners\":[{\"name\":\"team:finance\",\"type\":\"MAINTAINER\"}]}}"));
        // A longer wait than HttpApi's: the write may queue behind other writers on a loaded machine.
        try {
            java.net.http.HttpResponse<String> reply = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(URI.create(api.base() + "/api/v1/lineage/batch")).timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String completion(String ns, String job, String input, String output, String columnLineage, String jobFacets) {
        return ("{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-21T09:00:00Z\",\"producer\":\"https://example.com/t\","
                + "\"run\":{\"runId\":\"" + UUID.randomUUID() + "\"},\"job\":{\"namespace\":\"" + ns + "\",\"name\":\"" + job + "\"" + jobFacets + "},"
                + "\"inputs\":[{\"namespace\":\"" + ns + "\",\"name\":\"" + input + "\"}],"
                + "\"outputs\":[{\"namespace\":\"" + ns + "\",\"name\":\"" + output + "\",\"facets\":{\"columnLineage\":{" + columnLineage + "}}}]}")
                .replace("\n", " ");
    }

    /** The page's next cursor; the server leaves null fields out. */
    private static String cursor(JsonNode page) {
        JsonNode next = page.path("nextCursor");
        return next.isMissingNode() || next.isNull() ? null : next.asText();
    }

    private static List<String> summary(JsonNode items) {
        List<String> list = new ArrayList<>();
        items.forEach(item -> list.add(item.get("type").asText() + " " + item.get("id").asText() + " " + item.get("depth").asInt()));
        return list;
    }

    private OpenLineageClient kafkaClient(String topic) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.properties().get("bootstrap.servers"));
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());
        properties.put("acks", "all");
        return new OpenLineageClient(new KafkaTransport(new KafkaConfig(topic, null, properties)));
    }

    private static OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, UUID runId, String namespace, String job, ZonedDateTime at,
                                              String input, String output) {
        OpenLineage.ColumnLineageDatasetFacet columnLineage = OL.newColumnLineageDatasetFacetBuilder().fields(OL.newColumnLineageDatasetFacetFieldsBuilder()
                .put("total", OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(List.of(
                        OL.newInputFieldBuilder().namespace("postgres://db:5432").name(input).field("amount")
                                .transformations(List.of(OL.newInputFieldTransformationsBuilder().type("DIRECT").subtype("AGGREGATION").build()))
                                .build())).build()).build()).build();
        return OL.newRunEventBuilder().eventType(type).eventTime(at)
                .run(OL.newRunBuilder().runId(runId).facets(OL.newRunFacetsBuilder()
                        .nominalTime(OL.newNominalTimeRunFacetBuilder().nominalStartTime(at.minusHours(1)).build()).build()).build())
                .job(OL.newJobBuilder().namespace(namespace).name(job).facets(OL.newJobFacetsBuilder()
                        .documentation(OL.newDocumentationJobFacetBuilder().description("Daily order totals").build())
                        .sourceCodeLocation(OL.newSourceCodeLocationJobFacetBuilder().type("git")
                                .url(URI.create("https://git.example.com/etl/daily_totals.sql")).build()).build()).build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace("postgres://db:5432").name(input)
                        .facets(OL.newDatasetFacetsBuilder().schema(OL.newSchemaDatasetFacetBuilder().fields(List.of(
                                OL.newSchemaDatasetFacetFieldsBuilder().name("id").type("bigint").build(),
                                OL.newSchemaDatasetFacetFieldsBuilder().name("amount").type("decimal").build())).build()).build()).build()))
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace("s3://lake").name(output)
                        .facets(OL.newDatasetFacetsBuilder().schema(OL.newSchemaDatasetFacetBuilder().fields(List.of(
                                OL.newSchemaDatasetFacetFieldsBuilder().name("total").type("decimal").build())).build())
                                .columnLineage(columnLineage).build()).build()))
                .build();
    }

    private JsonNode await(String path, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpApi.Reply last = null;
        while (System.nanoTime() < deadline) {
            last = api.get(path, token);
            if (last.status() == 200 && done.test(last.json())) {
                return last.json();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + path + "; last answer " + (last == null ? "none" : last.status() + " " + last.body()));
    }

    private JsonNode ok(String path) {
        HttpApi.Reply reply = api.get(path, token);
        assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    private int status(String path) {
        HttpApi.Reply reply = api.get(path, token);
        if (reply.status() >= 400) {
            assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        }
        return reply.status();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
