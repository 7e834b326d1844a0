package io.cairn.server.search.bench;

import static io.cairn.server.bench.BenchStats.percentile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.governance.GovernanceStore;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import io.cairn.search.ChangeIndexer;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import io.cairn.server.bench.BenchServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Search at scale, against the whole server in-process with its embedded Neo4j, Kafka and Elasticsearch: generates
 * N datasets (default 100,000) with 20 columns each straight into Neo4j in bulk, each with a change-log event, then
 * measures
 * <ul>
 *   <li>indexing throughput: change-log events per second from the first commit until the indexer has written the
 *       last one (relay to Kafka, consumer group, document build from Neo4j, bulk write with refresh=wait_for);</li>
 *   <li>commit-to-searchable delay p50/p99: a description written through the governance store, polled through
 *       {@code /api/v1/search} until it is found;</li>
 *   <li>search latency p50/p99 over HTTP for typical queries: exact name, column name, multi-term, misspelt, with
 *       facets (every answer carries the eight facet counts) and with filters.</li>
 * </ul>
 * Prints numbers; asserts nothing.
 *
 * <p>Run: {@code mvn -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.cairn.server.search.bench.SearchBenchmark -Dexec.args="100000"}.
 */
public final class SearchBenchmark {

    private static final Actor WRITER = Actor.client("search-bench", Role.WRITER);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int COLUMNS = 20;
    private static final int CHUNK = 2_000;
    private static final String[] WORDS = {"sales", "orders", "customer", "invoice", "payment", "shipment", "product", "inventory",
            "session", "click", "campaign", "lead", "ticket", "refund", "return", "account", "ledger", "budget", "forecast", "supplier",
            "warehouse", "store", "region", "employee", "payroll", "contract", "device", "sensor", "event", "metric", "daily", "hourly",
            "weekly", "monthly", "raw", "clean", "agg", "summary", "snapshot", "history"};
    private static final String[] COLUMN_WORDS = {"id", "name", "email", "phone", "address", "city", "country", "amount", "currency",
            "price", "quantity", "discount", "tax", "status", "created_at", "updated_at", "deleted_at", "user_id", "order_id", "sku",
            "channel", "source", "score", "balance", "points", "latitude", "longitude", "ip", "agent", "referrer"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int datasets = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // -Dbench.dataDir keeps the generated data: a later run on the same directory skips generation and indexing, so
        // query changes can be measured in a minute instead of a quarter of an hour.
        String keptDir = System.getProperty("bench.dataDir");
        Path dataDir = keptDir == null ? BenchServer.temporaryDirectory("cairn-search-bench-") : Files.createDirectories(Path.of(keptDir));
        Path marker = dataDir.resolve("search-bench-datasets");
        boolean generated = Files.exists(marker) && Integer.parseInt(Files.readString(marker).trim()) == datasets;
        try (ConfigurableApplicationContext context = BenchServer.start(dataDir)) {
            GraphStore store = context.getBean(GraphStore.class);
            ChangeIndexer indexer = context.getBean(ChangeIndexer.class);
            GovernanceStore governance = context.getBean(GovernanceStore.class);
            HttpApi api = new HttpApi(BenchServer.baseUri(context));
            String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);

            System.out.printf("search benchmark: %,d datasets x %d columns; Elasticsearch at http://127.0.0.1:%s%n", datasets, COLUMNS,
                    context.getEnvironment().getProperty("cairn.embedded.elasticsearch-port"));
            List<String> names = new ArrayList<>(datasets);
            List<String> urns = new ArrayList<>(datasets);
            if (generated) {
                for (int i = 0; i < datasets; i++) {
                    names.add(name(i));
                }
                urns.addAll(store.read(tx -> tx.run("MATCH (d:Dataset) WHERE d.catalogName STARTS WITH 'iceberg:default.bench_'"
                        + " RETURN d.urn AS urn LIMIT 10000").list(r -> r.get("urn").asString())));
                System.out.printf("reusing the %,d datasets generated in %s%n", datasets, dataDir);
                awaitRebuild(api, token);
            } else {
                generateAndIndex(store, indexer, datasets, names, urns);
                Files.writeString(marker, Integer.toString(datasets));
            }
            Random random = new Random(7);
            measureFreshness(governance, api, token, urns, samples, random);
            measureLatency(api, token, queries(names, random), samples);
            if (Boolean.getBoolean("bench.hold")) {
                System.out.println("holding the server for probing; stop with Ctrl-C");
                Thread.currentThread().join();
            }
        }
        System.exit(0);
    }

    /** An index a former version left is rebuilt at start (a changed analysis); measure the new one, and the rebuild. */
    private static void awaitRebuild(HttpApi api, String token) throws InterruptedException {
        long start = System.nanoTime();
        JsonNode progress = api.get("/api/v1/admin/reindex", token).json();
        if (!progress.path("status").asText().equals("RUNNING")) {
            return;
        }
        while (progress.path("status").asText().equals("RUNNING")) {
            Thread.sleep(1_000);
            progress = api.get("/api/v1/admin/reindex", token).json();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long documents = progress.at("/indexes/datasets/done").asLong();
        System.out.printf("search index rebuild at start: %,d dataset documents in %.0f s (%,.0f documents/s), %s%n", documents, seconds,
                documents / seconds, progress.path("status").asText());
    }

    private static void generateAndIndex(GraphStore store, ChangeIndexer indexer, int datasets, List<String> names, List<String> urns)
            throws InterruptedException {
        long generateStart = System.nanoTime();
        long lastSeq = 0;
        for (int from = 0; from < datasets; from += CHUNK) {
            int to = Math.min(datasets, from + CHUNK);
            lastSeq = generate(store, from, to, names, urns);
        }
        double generateSeconds = (System.nanoTime() - generateStart) / 1e9;
        System.out.printf("generated %,d datasets (%,d nodes) with %,d change events in %.1f s%n", datasets,
                (long) datasets * (COLUMNS + 1), datasets, generateSeconds);

        long target = lastSeq;
        long backlogStart = System.nanoTime();
        long seqAtGenerationEnd = indexer.indexedSeq();
        while (indexer.indexedSeq() < target) {
            Thread.sleep(200);
        }
        double indexSeconds = (System.nanoTime() - generateStart) / 1e9;
        double backlogSeconds = (System.nanoTime() - backlogStart) / 1e9;
        long backlog = target - seqAtGenerationEnd;
        System.out.printf("indexing: all %,d changes searchable %.1f s after the first commit: %,.0f changes/s end to end"
                + " (generation overlapped)%n", datasets, indexSeconds, datasets / indexSeconds);
        System.out.printf("indexing: backlog of %,d changes at the end of generation drained in %.1f s: %,.0f changes/s%n", backlog,
                backlogSeconds, backlog / Math.max(backlogSeconds, 0.001));
    }

    private static void measureFreshness(GovernanceStore governance, HttpApi api, String token, List<String> urns, int samples,
            Random random) throws InterruptedException {
        // Commit-to-searchable: one description at a time, polled through the public search API.
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < Math.min(samples, 100); i++) {
            String urn = urns.get(random.nextInt(urns.size()));
            String word = "fresh" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            long start = System.nanoTime();
            governance.setDescription(WRITER, Urn.parse(urn), new Description("benchmark " + word));
            while (api.get("/api/v1/search?q=" + word + "&limit=1", token).json().path("totalCount").asInt() < 1) {
                Thread.sleep(5);
            }
            delays.add((System.nanoTime() - start) / 1e6);
        }
        print("commit-to-searchable delay", delays);
    }

    private static void measureLatency(HttpApi api, String token, Map<String, List<String>> queries, int samples) throws Exception {
        for (int round = 0; round < 2; round++) {
            boolean warmUp = round == 0;
            if (!warmUp) {
                System.out.printf("%-34s %8s %8s %8s %8s%n", "search latency (HTTP)", "p50 ms", "p99 ms", "max ms", "hits p50");
            }
            for (Map.Entry<String, List<String>> kind : queries.entrySet()) {
                List<Double> latencies = new ArrayList<>();
                List<Double> hits = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    String query = kind.getValue().get(i % kind.getValue().size());
                    long start = System.nanoTime();
                    HttpApi.Reply reply = api.get("/api/v1/search?" + query, token);
                    latencies.add((System.nanoTime() - start) / 1e6);
                    if (reply.status() != 200) {
                        throw new IllegalStateException(query + " -> " + reply.status() + " " + reply.body());
                    }
                    hits.add(reply.json().path("totalCount").asDouble());
                }
                if (!warmUp) {
                    double[] sorted = sorted(latencies);
                    System.out.printf("%-34s %8.1f %8.1f %8.1f %8.0f%n", kind.getKey(), percentile(sorted, 50), percentile(sorted, 99),
                            sorted[sorted.length - 1], percentile(sorted(hits), 50));
                }
            }
        }
        JsonNode sample = api.get("/api/v1/search?" + queries.get("exact name").get(0), token).json();
        System.out.println("sample answer (exact name): first hit " + sample.at("/results/0/name").asText() + " of "
                + sample.get("totalCount").asInt() + "; facets " + MAPPER.writeValueAsString(sample.get("facets")).length() + " bytes");
    }

    private static String name(int i) {
        return WORDS[i % WORDS.length] + "_" + WORDS[(i / WORDS.length) % WORDS.length] + "_"
                + WORDS[(i / (WORDS.length * WORDS.length)) % WORDS.length] + "_" + i;
    }

    /** One unit of work: datasets from..to, their columns, a tags aspect on every tenth, and one change event each. */
    private static long generate(GraphStore store, int from, int to, List<String> names, List<String> urns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String name = name(i);
            String urn = Urn.dataset(UUID.randomUUID()).toString();
            names.add(name);
            urns.add(urn);
            List<Map<String, Object>> columns = new ArrayList<>();
            for (int c = 0; c < COLUMNS; c++) {
                String column = COLUMN_WORDS[(i + c * 7) % COLUMN_WORDS.length] + (c >= COLUMN_WORDS.length / 2 ? "_" + c : "");
                columns.add(Map.of("urn", "urn:cairn:column:" + urn.substring(urn.lastIndexOf(':') + 1) + ":" + column, "path", column,
                        "type", c % 3 == 0 ? "long" : "string"));
            }
            Map<String, Object> row = new HashMap<>();
            row.put("urn", urn);
            row.put("name", name);
            row.put("catalogName", "iceberg:default.bench_" + (i % 20) + "." + name);
            row.put("columns", columns);
            // Every tenth dataset is tagged; they all sit in namespaces bench_0 and bench_10 (i % 20), which the filter
            // queries name.
            row.put("tags", i % 10 == 0 ? "{\"tags\":[\"pii\",\"tier" + (i % 3) + "\"]}" : null);
            rows.add(row);
        }
        store.write(WRITER, unit -> {
            long now = unit.now().toEpochMilli();
            unit.tx().run("""
                    UNWIND $rows AS row
                    CREATE (d:Entity:Dataset {urn: row.urn, type: 'dataset', name: row.name, catalogName: row.catalogName,
                                              createdAt: $now, createdBy: 'bench', updatedAt: $now})
                    WITH d, row
                    UNWIND row.columns AS col
                    CREATE (d)-[:HAS_COLUMN]->(:Entity:Column {urn: col.urn, type: 'column', fieldPath: col.path, dataType: col.type,
                                                              createdAt: $now, createdBy: 'bench', updatedAt: $now})
                    """, Map.of("rows", rows, "now", now)).consume();
            unit.tx().run("""
                    UNWIND $rows AS row
                    WITH row WHERE row.tags IS NOT NULL
                    MATCH (d:Entity {urn: row.urn})
                    CREATE (d)-[:HAS_ASPECT]->(:Aspect {urn: row.urn, name: 'tags', version: 1, value: row.tags, createdAt: $now,
                                                        createdBy: 'bench', latest: true})
                    """, Map.of("rows", rows, "now", now)).consume();
            for (Map<String, Object> row : rows) {
                unit.recordChange(new ChangeDraft(Urn.parse((String) row.get("urn")), "benchmark", 1, ChangeType.UPSERT, null, null));
            }
            return null;
        });
        return currentSeq(store);
    }

    private static long currentSeq(GraphStore store) {
        return store.read(tx -> tx.run("MATCH (s:Sequence {name: 'changelog'}) RETURN s.value AS v").list(r -> r.get("v").asLong()))
                .stream().findFirst().orElse(0L);
    }

    private static Map<String, List<String>> queries(List<String> names, Random random) {
        Map<String, List<String>> queries = new java.util.LinkedHashMap<>();
        List<String> exact = new ArrayList<>();
        List<String> column = new ArrayList<>();
        List<String> multi = new ArrayList<>();
        List<String> misspelt = new ArrayList<>();
        List<String> filtered = new ArrayList<>();
        List<String> facetOnly = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = names.get(random.nextInt(names.size()));
            exact.add("q=" + encode(name));
            column.add("q=" + encode(COLUMN_WORDS[random.nextInt(COLUMN_WORDS.length)] + "_" + (15 + random.nextInt(5))));
            multi.add("q=" + encode(WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                    + COLUMN_WORDS[random.nextInt(COLUMN_WORDS.length)]));
            String word = WORDS[random.nextInt(WORDS.length)];
            int cut = 1 + random.nextInt(word.length() - 2);
            // A transposition of two letters: the commonest typo.
            char[] letters = word.toCharArray();
            char swap = letters[cut];
            letters[cut] = letters[cut + 1];
            letters[cut + 1] = swap;
            misspelt.add("q=" + encode(new String(letters) + " " + WORDS[random.nextInt(WORDS.length)]));
            filtered.add("q=" + encode(WORDS[random.nextInt(WORDS.length)]) + "&filter=" + encode("tag:pii") + "&filter="
                    + encode("namespace:default.bench_" + (random.nextBoolean() ? 0 : 10)));
            facetOnly.add("q=&filter=" + encode("tag:tier" + random.nextInt(3)) + "&type=DATASET");
        }
        queries.put("exact name", exact);
        queries.put("column name", column);
        queries.put("multi-term (3 words)", multi);
        queries.put("misspelt + word", misspelt);
        queries.put("word + 2 filters", filtered);
        queries.put("match-all + tag filter (facets)", facetOnly);
        return queries;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void print(String what, List<Double> values) {
        double[] sorted = sorted(values);
        System.out.printf("%s: n=%d p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", what, sorted.length, percentile(sorted, 50),
                percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double[] sorted(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }
}
