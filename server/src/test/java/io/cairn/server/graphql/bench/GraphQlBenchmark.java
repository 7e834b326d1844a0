package io.cairn.server.graphql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.graphql.read.RoundTrips;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import io.cairn.server.bench.BenchServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * GraphQL read latency on an in-process Cairn with embedded backends: a search page of 50 datasets with owners, tags
 * and columns, and a dataset page (columns, owners, tags, terms, schema versions, runs), over HTTP as a client sends
 * them; and lineage reads (dataset lineage, column lineage, impact) over a chain of OpenLineage jobs, through
 * lineage-ingest's traversal. Prints p50/p99 and the Neo4j statements each request costs (the GraphQL layer's
 * statements; lineage walks are counted by lineage-ingest, not here). Not a test; run with
 * {@code mvn -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.cairn.server.graphql.bench.GraphQlBenchmark -Dexec.args="200 300"} (tables, iterations).
 */
public final class GraphQlBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int LINEAGE_CHAIN = 40;
    private static final int LINEAGE_COLUMNS = 20;

    private GraphQlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        try (ConfigurableApplicationContext context = BenchServer.start(BenchServer.temporaryDirectory("cairn-graphql-bench-"))) {
            HttpApi api = new HttpApi(BenchServer.baseUri(context));
            String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
            RoundTrips roundTrips = context.getBean(RoundTrips.class);
            List<String> urns = populate(api, token, tables);

            String search = "{ search(query: \"\", filters: [{field: \"namespace\", values: [\"default.bench\"]}], first: 50) {"
                    + " totalCount edges { node { urn name dataset { owners { principal { urn } ownershipType } tags columns { name dataType } } } } } }";
            String dataset = "query($urn: ID) { dataset(urn: $urn) { name qualifiedName platform names { name } columns { name dataType description tags }"
                    + " owners { principal { urn } } tags glossaryTerms { name } health freshness { lastWrittenAt }"
                    + " schemaVersions(first: 5) { edges { node { version } } } runs(first: 5) { edges { node { state } } } } }";
            measure("search page of 50 with owners, tags, columns", api, token, roundTrips, iterations, i -> body(search, Map.of()));
            measure("dataset page", api, token, roundTrips, iterations, i -> body(dataset, Map.of("urn", urns.get(i % urns.size()))));

            List<String> chain = lineageChain(api, token, LINEAGE_CHAIN);
            String lineage = "query($urn: ID!) { lineage(urn: $urn, direction: DOWNSTREAM, depth: 10) { nodes { urn name } edges { kind } truncated } }";
            String columns = "query($urn: ID!) { columnLineage(datasetUrn: $urn, column: \"c0\", depth: 10) { nodes { name }"
                    + " edges { job { name } transformations { subtype } } truncated } }";
            String impact = "query($urn: ID!) { impact(datasetUrn: $urn) { columns { name } datasets { name } jobs { name } owners { principal { urn } } truncated } }";
            measure("lineage, 10 hops downstream", api, token, roundTrips, iterations, i -> body(lineage, Map.of("urn", chain.get(i % 10))));
            measure("column lineage, 10 hops upstream", api, token, roundTrips, iterations,
                    i -> body(columns, Map.of("urn", chain.get(LINEAGE_CHAIN - i % 10))));
            measure("impact of a whole dataset (" + LINEAGE_COLUMNS + " columns, 10 to 19 datasets downstream)", api, token, roundTrips, iterations,
                    i -> body(impact, Map.of("urn", chain.get(LINEAGE_CHAIN - 10 - i % 10))));
        }
    }

    /**
     * A chain d0 to d{length} in one OpenLineage namespace, job i reading d(i-1) and writing di with column lineage
     * for every column; returns the datasets' URNs in chain order.
     */
    private static List<String> lineageChain(HttpApi api, String token, int length) {
        long started = System.nanoTime();
        for (int d = 1; d <= length; d++) {
            ObjectNode event = MAPPER.createObjectNode().put("eventType", "COMPLETE").put("eventTime", Instant.now().toString())
                    .put("producer", "https://github.com/cairn/bench");
            event.putObject("run").put("runId", UUID.randomUUID().toString());
            event.putObject("job").put("namespace", "bench-etl").put("name", "step" + d);
            event.putArray("inputs").addObject().put("namespace", "bench-ol").put("name", "d" + (d - 1));
            ObjectNode facets = event.putArray("outputs").addObject().put("namespace", "bench-ol").put("name", "d" + d).putObject("facets");
            ObjectNode fields = facets.putObject("columnLineage").putObject("fields");
            for (int c = 0; c < LINEAGE_COLUMNS; c++) {
                fields.putObject("c" + c).putArray("inputFields").addObject().put("namespace", "bench-ol").put("name", "d" + (d - 1))
                        .put("field", "c" + c).putArray("transformations").addObject().put("type", "DIRECT").put("subtype", "IDENTITY");
            }
            HttpApi.Reply reply = api.post("/api/v1/lineage", token, "application/json", event.toString());
            if (reply.status() != 201) {
                throw new IllegalStateException("lineage event refused: " + reply.body());
            }
        }
        List<String> urns = new ArrayList<>();
        for (int d = 0; d <= length; d++) {
            urns.add(post(api, token, body("{ dataset(namespace: \"bench-ol\", name: \"d" + d + "\") { urn } }", Map.of())).at("/data/dataset/urn").asText());
        }
        System.out.printf("wrote a lineage chain of %d jobs with %d columns each in %d ms%n", length, LINEAGE_COLUMNS,
                (System.nanoTime() - started) / 1_000_000);
        return urns;
    }

    private static List<String> populate(HttpApi api, String token, int tables) throws Exception {
        long started = System.nanoTime();
        try (RESTCatalog catalog = new RESTCatalog()) {
            catalog.initialize("bench", Map.of("uri", api.base() + "/iceberg", "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
            catalog.createNamespace(Namespace.of("bench"));
            for (int i = 0; i < tables; i++) {
                List<Types.NestedField> fields = new ArrayList<>();
                for (int f = 1; f <= 20; f++) {
                    fields.add(Types.NestedField.optional(f, "col_" + f, Types.LongType.get()));
                }
                catalog.createTable(TableIdentifier.of("bench", "table_" + i), new Schema(fields));
            }
        }
        System.out.printf("created %d tables in %d ms%n", tables, (System.nanoTime() - started) / 1_000_000);
        List<String> urns = new ArrayList<>();
        JsonNode found;
        do {
            Thread.sleep(500);
            found = post(api, token, body("{ search(query: \"\", filters: [{field: \"namespace\", values: [\"default.bench\"]}], first: 100) {"
                    + " totalCount } }", Map.of()));
        } while (found.at("/data/search/totalCount").asInt() < tables);
        String after = null;
        do {
            JsonNode page = post(api, token, body("query($after: String) { search(query: \"\", filters: [{field: \"namespace\", values: [\"default.bench\"]}],"
                    + " first: 100, after: $after) { edges { node { urn } } pageInfo { hasNextPage endCursor } } }", after == null ? Map.of() : Map.of("after", after)));
            page.at("/data/search/edges").forEach(edge -> urns.add(edge.at("/node/urn").asText()));
            after = page.at("/data/search/pageInfo/hasNextPage").asBoolean() ? page.at("/data/search/pageInfo/endCursor").asText() : null;
        } while (after != null);
        for (int i = 0; i < urns.size(); i += 50) {
            StringBuilder mutation = new StringBuilder("mutation {");
            for (int j = i; j < Math.min(urns.size(), i + 50); j++) {
                mutation.append(" o").append(j).append(": setOwners(urn: \"").append(urns.get(j))
                        .append("\", owners: [{principal: \"urn:cairn:principal:user:owner").append(j % 7).append("\", ownershipType: TECHNICAL_OWNER}]) { urn }")
                        .append(" t").append(j).append(": setTags(urn: \"").append(urns.get(j)).append("\", tags: [\"tier").append(j % 3).append("\"]) { urn }");
            }
            post(api, token, body(mutation.append(" }").toString(), Map.of()));
        }
        return urns;
    }

    private static void measure(String name, HttpApi api, String token, RoundTrips roundTrips, int iterations,
                                java.util.function.IntFunction<String> request) {
        for (int i = 0; i < Math.min(50, iterations); i++) {
            post(api, token, request.apply(i));
        }
        long[] micros = new long[iterations];
        long statements = roundTrips.statements();
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            post(api, token, request.apply(i));
            micros[i] = (System.nanoTime() - started) / 1_000;
        }
        statements = roundTrips.statements() - statements;
        Arrays.sort(micros);
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, %.1f Neo4j statements per request (%d requests)%n", name,
                micros[iterations / 2] / 1000.0, micros[(int) (iterations * 0.99)] / 1000.0, statements / (double) iterations, iterations);
    }

    private static String body(String query, Map<String, Object> variables) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("query", query);
        body.set("variables", MAPPER.valueToTree(variables));
        return body.toString();
    }

    private static JsonNode post(HttpApi api, String token, String body) {
        HttpApi.Reply reply = api.post("/graphql", token, "application/json", body);
        JsonNode json = reply.json();
        if (reply.status() != 200 || json.has("errors")) {
            throw new IllegalStateException("GraphQL request failed: " + reply.body());
        }
        return json;
    }
}
