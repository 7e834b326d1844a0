package io.cairn.embedded.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts real Elasticsearch nodes (no mocks) and talks to them over plain HTTP.
 */
class EmbeddedElasticsearchTest {

    private static final String MAPPING = """
        {
          "settings": { "number_of_shards": 1, "number_of_replicas": 0 },
          "mappings": {
            "dynamic": "strict",
            "properties": {
              "urn":     { "type": "keyword" },
              "name":    { "type": "text", "index_prefixes": { "min_chars": 1, "max_chars": 10 } },
              "suggest": { "type": "completion" }
            }
          }
        }
        """;

    private static final String DOC_ID = "urn:li:dataset:(hive,db.customers,PROD)";
    private static final String DOC_PATH = "/catalog/_doc/urn%3Ali%3Adataset%3A%28hive%2Cdb.customers%2CPROD%29";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path tmp;

    @Test
    void elasticsearchLuceneAndLog4jAreNotOnThisClassPath() {
        for (String name : List.of(
            "org.elasticsearch.node.Node",
            "org.apache.lucene.index.IndexWriter",
            "org.apache.logging.log4j.core.LoggerContext",
            EmbeddedElasticsearch.BOOTSTRAP_CLASS
        )) {
            assertThatThrownBy(() -> Class.forName(name, false, getClass().getClassLoader())).as(name)
                .isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(EmbeddedElasticsearch.class.getResource(NodeRuntime.DIST_RESOURCE)).isNotNull();
    }

    @Test
    void indexesSearchesAndKeepsDocumentsAcrossARestart() throws Exception {
        Path dataDir = tmp.resolve("es");
        int port = freePort();
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        WeakReference<ClassLoader> firstLoader;

        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dataDir, "127.0.0.1", port)) {
            firstLoader = new WeakReference<>(es.classLoader());
            assertThat(es.classLoader().loadClass("org.elasticsearch.node.Node").getClassLoader()).isSameAs(es.classLoader());
            assertThat(es.httpUri()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(es.version()).isEqualTo("8.19.21");

            Response health = send(es, "GET", "/_cluster/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).contains("\"cluster_name\":\"cairn-embedded\"", "\"number_of_nodes\":1")
                .containsPattern("\"status\":\"(green|yellow)\"");

            Response created = send(es, "PUT", "/catalog", MAPPING);
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(created.body()).contains("\"acknowledged\":true");
            Response mapping = send(es, "GET", "/catalog/_mapping", null);
            assertThat(mapping.body()).contains("\"index_prefixes\"", "\"type\":\"completion\"", "\"type\":\"keyword\"");

            // The pattern tokenizer a full distribution has in analysis-common: splits, flags and group as there.
            Response split = send(es, "POST", "/_analyze", """
                { "tokenizer": { "type": "pattern", "pattern": "[^\\\\p{L}\\\\p{N}]+" }, "filter": ["lowercase"],
                  "text": "default.GQC75d73.registry_2a6546" }
                """);
            assertThat(split.status()).as(split.body()).isEqualTo(200);
            assertThat(split.body()).contains("\"token\":\"default\"", "\"token\":\"gqc75d73\"", "\"token\":\"registry\"",
                "\"token\":\"2a6546\"").doesNotContain("\"token\":\"d\"");
            Response grouped = send(es, "POST", "/_analyze", """
                { "tokenizer": { "type": "pattern", "pattern": "id=(X\\\\d+)", "flags": "CASE_INSENSITIVE", "group": 1 },
                  "text": "ID=x1, id=X22" }
                """);
            assertThat(grouped.body()).contains("\"token\":\"x1\"", "\"token\":\"X22\"").doesNotContain("id=");

            Response indexed = send(es, "PUT", DOC_PATH + "?version=7&version_type=external&refresh=true", """
                { "urn": "%s", "name": "Customer orders", "suggest": "customers" }
                """.formatted(DOC_ID));
            assertThat(indexed.status()).as(indexed.body()).isEqualTo(201);
            assertThat(indexed.body()).contains("\"result\":\"created\"", "\"_version\":7");

            // external versioning is enforced: an older version is rejected, the stored document stays
            Response stale = send(es, "PUT", DOC_PATH + "?version=5&version_type=external", """
                { "urn": "%s", "name": "stale", "suggest": "stale" }
                """.formatted(DOC_ID));
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.body()).contains("version_conflict_engine_exception");

            Response bulk = send(es, "POST", "/_bulk?refresh=true", """
                { "index": { "_index": "catalog", "_id": "urn:li:dataset:(hive,db.products,PROD)", "version": 3, "version_type": "external" } }
                { "urn": "urn:li:dataset:(hive,db.products,PROD)", "name": "Product catalog", "suggest": "products" }
                { "index": { "_index": "catalog", "_id": "urn:li:dataset:(hive,db.suppliers,PROD)" } }
                { "urn": "urn:li:dataset:(hive,db.suppliers,PROD)", "name": "Suppliers", "suggest": "suppliers" }
                """);
            assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
            assertThat(bulk.body()).contains("\"errors\":false");

            // prefix query (served by index_prefixes) finds exactly the customer document
            Response prefix = send(es, "POST", "/catalog/_search", """
                { "query": { "prefix": { "name": "custom" } } }
                """);
            assertThat(prefix.status()).as(prefix.body()).isEqualTo(200);
            assertThat(prefix.body()).contains("\"total\":{\"value\":1,", "\"_id\":\"" + DOC_ID + "\"", "Customer orders");

            Response byUrn = send(es, "POST", "/catalog/_search", """
                { "query": { "term": { "urn": "urn:li:dataset:(hive,db.products,PROD)" } } }
                """);
            assertThat(byUrn.body()).contains("\"total\":{\"value\":1,", "Product catalog");

            Response all = send(es, "POST", "/catalog/_search", "{ \"query\": { \"match_all\": {} } }");
            assertThat(all.body()).contains("\"total\":{\"value\":3,");

            Response suggest = send(es, "POST", "/catalog/_search", """
                { "suggest": { "names": { "prefix": "cus", "completion": { "field": "suggest" } } } }
                """);
            assertThat(suggest.status()).as(suggest.body()).isEqualTo(200);
            assertThat(suggest.body()).contains("\"text\":\"customers\"").doesNotContain("\"text\":\"products\"");
        }

        assertPortFree(port);
        assertNoThreadsLeft(threadsBefore);
        assertThat(dataDir.resolve("logs/elasticsearch.log")).content().contains("started");

        // same directory again: the index and the document (with its external version) are still there
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dataDir, "127.0.0.1", port)) {
            Response doc = send(es, "GET", DOC_PATH, null);
            assertThat(doc.status()).as(doc.body()).isEqualTo(200);
            assertThat(doc.body()).contains("\"found\":true", "\"_version\":7", "Customer orders");

            Response prefix = send(es, "POST", "/catalog/_search", """
                { "query": { "prefix": { "name": "custom" } } }
                """);
            assertThat(prefix.body()).contains("\"total\":{\"value\":1,", "\"_id\":\"" + DOC_ID + "\"");
            assertThat(send(es, "POST", "/catalog/_count", null).body()).contains("\"count\":3");
        }
        assertPortFree(port);
        assertNoThreadsLeft(threadsBefore);

        // nothing JVM-wide (JNA's threads and JNI references, JDK threads' context loader...) keeps a closed node's
        // class loader, and with it all of Elasticsearch's classes, in memory
        for (int i = 0; i < 100 && firstLoader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(firstLoader.get()).as("class loader of the first, closed node").isNull();
    }

    @Test
    void aPortTakenWhenElasticsearchBindsIsReportedTheSameWayAndNothingIsLeftRunning() throws Exception {
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            // skip the up-front check, as if the port were taken between it and Elasticsearch's own bind
            assertThatThrownBy(() -> EmbeddedElasticsearch.start(tmp.resolve("es"), "127.0.0.1", port, 0, false))
                .isInstanceOf(EmbeddedElasticsearchException.class)
                .hasMessage("Elasticsearch HTTP port 127.0.0.1:" + port + " is already in use")
                .cause()
                .isInstanceOf(BindException.class)
                // Elasticsearch's own exception, brought across the class-loader boundary as a JDK one
                .cause()
                .hasMessageStartingWith("org.elasticsearch.http.BindHttpException: Failed to bind to 127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getClass().getClassLoader()).isNull());
        }
        assertNoThreadsLeft(threadsBefore);
        assertThat(tmp.resolve("es/logs/elasticsearch.log")).content().contains("closed");
    }

    @Test
    void aBusyHttpPortIsReportedInOneClearSentence() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> EmbeddedElasticsearch.start(tmp.resolve("es"), "127.0.0.1", port))
                .isInstanceOf(EmbeddedElasticsearchException.class)
                .hasMessage("Elasticsearch HTTP port 127.0.0.1:" + port + " is already in use");
        }
    }

    @Test
    void aBusyTransportPortIsReportedInOneClearSentence() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> EmbeddedElasticsearch.start(tmp.resolve("es"), "127.0.0.1", freePort(), port))
                .isInstanceOf(EmbeddedElasticsearchException.class)
                .hasMessage("Elasticsearch transport port 127.0.0.1:" + port + " is already in use");
        }
    }

    // ------------------------------------------------------------------------------------------------------

    record Response(int status, String body) {}

    private Response send(EmbeddedElasticsearch es, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(es.httpUri() + path)).timeout(Duration.ofSeconds(60));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port)); // throws BindException if still taken
        }
    }

    /** No thread started since {@code before} is still alive that is either non-daemon or one of Elasticsearch's or JNA's. */
    private static void assertNoThreadsLeft(Set<Thread> before) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = Thread.getAllStackTraces()
                .keySet()
                .stream()
                .filter(t -> before.contains(t) == false && t.isAlive())
                .filter(t -> t.isDaemon() == false
                    || t.getName().startsWith("elasticsearch[")
                    || t.getName().startsWith("cairn-elasticsearch")
                    || t.getName().equals("JNA Cleaner"))
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                .sorted()
                .collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(left).as("threads left after close").isEmpty();
    }
}
