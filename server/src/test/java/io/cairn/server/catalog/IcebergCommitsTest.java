package io.cairn.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.HttpApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Commits under contention, multi-table transactions, idempotency keys, bad input and authorisation. */
class IcebergCommitsTest extends CatalogServerTestBase {

    @Test
    void sixteenConcurrentAppendersLoseNothing() throws Exception {
        Namespace ns = Namespace.of(unique("busy"));
        catalog.createNamespace(ns);
        TableIdentifier id = TableIdentifier.of(ns, "events");
        catalog.buildTable(id, SCHEMA).withProperty("commit.retry.num-retries", "40")
                .withProperty("commit.retry.min-wait-ms", "20").withProperty("commit.retry.max-wait-ms", "500").create();

        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String name = "file-" + i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    catalog.loadTable(id).newFastAppend().appendFile(dataFile(name)).commit();
                    return name;
                } catch (CommitFailedException lost) {
                    return null;
                }
            }));
        }
        start.countDown();
        Set<String> landed = new HashSet<>();
        for (Future<String> result : results) {
            String name = result.get(180, TimeUnit.SECONDS);
            if (name != null) {
                landed.add("/tmp/cairn-test-data/" + name + ".parquet");
            }
        }
        pool.shutdown();
        System.out.printf("iceberg.concurrent-appends: %d of %d writers landed%n", landed.size(), writers);

        Table table = catalog.loadTable(id);
        List<Snapshot> snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        assertThat(snapshots).hasSize(landed.size());
        assertThat(landed.size()).isGreaterThan(0);
        Set<String> files = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file().location()));
        }
        assertThat(files).isEqualTo(landed);
    }

    @Test
    void aTransactionCommitsAllTablesOrNone() {
        Namespace ns = Namespace.of(unique("tx"));
        catalog.createNamespace(ns);
        TableIdentifier a = TableIdentifier.of(ns, "a");
        TableIdentifier b = TableIdentifier.of(ns, "b");
        catalog.createTable(a, SCHEMA).newFastAppend().appendFile(dataFile("tx-a")).commit();
        catalog.createTable(b, SCHEMA).newFastAppend().appendFile(dataFile("tx-b")).commit();
        String locationA = metadataLocation(a);
        String locationB = metadataLocation(b);
        String uuidA = catalog.loadTable(a).uuid().toString();

        // b's requirement is wrong (a snapshot id main does not point at): the whole transaction is refused.
        String body = """
                {"table-changes": [
                  {"identifier": {"namespace": ["%s"], "name": "a"},
                   "requirements": [{"type": "assert-table-uuid", "uuid": "%s"}],
                   "updates": [{"action": "set-properties", "updates": {"tx": "yes"}}]},
                  {"identifier": {"namespace": ["%s"], "name": "b"},
                   "requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": 42}],
                   "updates": [{"action": "set-properties", "updates": {"tx": "yes"}}]}
                ]}""".formatted(ns.level(0), uuidA, ns.level(0));
        HttpApi.Reply refused = api.post("/iceberg/v1/default/transactions/commit", rootToken, "application/json", body);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/error/type").asText()).isEqualTo("CommitFailedException");
        assertThat(metadataLocation(a)).isEqualTo(locationA);
        assertThat(metadataLocation(b)).isEqualTo(locationB);
        assertThat(catalog.loadTable(a).properties()).doesNotContainKey("tx");

        // Through Iceberg's client: both tables move together.
        Table tableA = catalog.loadTable(a);
        Table tableB = catalog.loadTable(b);
        TableMetadata baseA = ((HasTableOperations) tableA).operations().current();
        TableMetadata baseB = ((HasTableOperations) tableB).operations().current();
        catalog.commitTransaction(
                TableCommit.create(a, baseA, TableMetadata.buildFrom(baseA).setProperties(Map.of("tx", "1")).build()),
                TableCommit.create(b, baseB, TableMetadata.buildFrom(baseB).setProperties(Map.of("tx", "1")).build()));
        assertThat(catalog.loadTable(a).properties()).containsEntry("tx", "1");
        assertThat(catalog.loadTable(b).properties()).containsEntry("tx", "1");
        assertThat(metadataLocation(a)).isNotEqualTo(locationA);

        HttpApi.Reply duplicate = api.post("/iceberg/v1/default/transactions/commit", rootToken, "application/json", """
                {"table-changes": [
                  {"identifier": {"namespace": ["%1$s"], "name": "a"}, "requirements": [], "updates": []},
                  {"identifier": {"namespace": ["%1$s"], "name": "a"}, "requirements": [], "updates": []}]}
                """.formatted(ns.level(0)));
        assertThat(duplicate.status()).isEqualTo(400);
    }

    /**
     * Cairn answers commits and loads from metadata it keeps in memory and from the text it wrote, not from reading
     * the file back: what engines get must still be exactly what the metadata file holds, compressed or not, after a
     * single-table commit and after a multi-table transaction.
     */
    @Test
    void commitAnswersAndLoadsAreWhatTheMetadataFileHolds() throws Exception {
        Namespace ns = Namespace.of(unique("files"));
        catalog.createNamespace(ns);
        for (String codec : List.of("none", "gzip")) {
            TableIdentifier id = TableIdentifier.of(ns, "t_" + codec);
            Table table = catalog.buildTable(id, SCHEMA).withProperty("write.metadata.compression-codec", codec).create();
            table.newFastAppend().appendFile(dataFile(codec + "-1")).commit();
            table.updateSchema().addColumn("note", Types.StringType.get()).commit();
            table.newFastAppend().appendFile(dataFile(codec + "-2")).commit();

            TableMetadata answered = ((HasTableOperations) table).operations().current();
            String location = answered.metadataFileLocation();
            assertThat(location).endsWith(".metadata.json");
            assertThat(location.endsWith(".gz.metadata.json")).as(location).isEqualTo(codec.equals("gzip"));
            byte[] head = Files.readAllBytes(Path.of(URI.create(location.replaceFirst("^file:/+", "file:///"))));
            assertThat(head[0] == (byte) 0x1f && head[1] == (byte) 0x8b).as("gzip magic in %s", location).isEqualTo(codec.equals("gzip"));
            JsonNode onDisk = metadataFile(location);
            assertThat(tree(answered)).as("the commit's answer").isEqualTo(onDisk);

            HttpApi.Reply load = api.get("/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables/t_" + codec, rootToken);
            assertThat(load.json().get("metadata-location").asText()).isEqualTo(location);
            assertThat(load.json().get("metadata")).as("the next load").isEqualTo(onDisk);
            assertThat(onDisk.at("/snapshots")).hasSize(2);
            assertThat(onDisk.at("/schemas")).hasSize(2);
        }

        TableIdentifier a = TableIdentifier.of(ns, "t_none");
        TableIdentifier b = TableIdentifier.of(ns, "t_gzip");
        TableMetadata baseA = ((HasTableOperations) catalog.loadTable(a)).operations().current();
        TableMetadata baseB = ((HasTableOperations) catalog.loadTable(b)).operations().current();
        catalog.commitTransaction(
                TableCommit.create(a, baseA, TableMetadata.buildFrom(baseA).setProperties(Map.of("tx", "1")).build()),
                TableCommit.create(b, baseB, TableMetadata.buildFrom(baseB).setProperties(Map.of("tx", "1")).build()));
        for (TableIdentifier id : List.of(a, b)) {
            TableMetadata loaded = ((HasTableOperations) catalog.loadTable(id)).operations().current();
            assertThat(loaded.properties()).containsEntry("tx", "1");
            assertThat(tree(loaded)).as("a load after the transaction").isEqualTo(metadataFile(loaded.metadataFileLocation()));
        }
    }

    private static JsonNode metadataFile(String location) throws Exception {
        try (FileIO io = new HadoopFileIO(new Configuration())) {
            return tree(TableMetadataParser.read(io, location));
        }
    }

    private static JsonNode tree(TableMetadata metadata) throws Exception {
        return new ObjectMapper().readTree(TableMetadataParser.toJson(metadata));
    }

    @Test
    void aRetriedMutationWithTheSameIdempotencyKeyReturnsTheFirstResult() {
        String ns = unique("idem");
        String key = java.util.UUID.randomUUID().toString();
        String body = "{\"namespace\":[\"" + ns + "\"],\"properties\":{\"a\":\"1\"}}";
        HttpApi.Reply first = withKey("POST", "/iceberg/v1/default/namespaces", key, body);
        HttpApi.Reply retry = withKey("POST", "/iceberg/v1/default/namespaces", key, body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        HttpApi.Reply withoutKey = api.post("/iceberg/v1/default/namespaces", rootToken, "application/json", body);
        assertThat(withoutKey.status()).as("a new request without a key really runs again").isEqualTo(409);
        HttpApi.Reply reused = withKey("POST", "/iceberg/v1/default/namespaces", key,
                "{\"namespace\":[\"" + ns + "_other\"]}");
        assertThat(reused.status()).isEqualTo(422);

        String dropKey = java.util.UUID.randomUUID().toString();
        assertThat(withKey("DELETE", "/iceberg/v1/default/namespaces/" + ns, dropKey, null).status()).isEqualTo(204);
        assertThat(withKey("DELETE", "/iceberg/v1/default/namespaces/" + ns, dropKey, null).status()).isEqualTo(204);
        assertThat(api.delete("/iceberg/v1/default/namespaces/" + ns, rootToken).status()).isEqualTo(404);
    }

    @Test
    void badInputIsRefusedAndTheTableStaysAsItWas() {
        Namespace ns = Namespace.of(unique("bad"));
        catalog.createNamespace(ns);
        TableIdentifier id = TableIdentifier.of(ns, "t");
        Table table = catalog.createTable(id, SCHEMA);
        table.newFastAppend().appendFile(dataFile("bad-1")).commit();
        String before = metadataLocation(id);
        String path = "/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables/t";

        HttpApi.Reply malformed = api.post(path, rootToken, "application/json", "{\"requirements\": [");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/type").asText()).isEqualTo("BadRequestException");
        HttpApi.Reply unknownUpdate = api.post(path, rootToken, "application/json",
                "{\"requirements\":[],\"updates\":[{\"action\":\"paint-it-blue\"}]}");
        assertThat(unknownUpdate.status()).isEqualTo(400);
        HttpApi.Reply unknownRequirement = api.post(path, rootToken, "application/json",
                "{\"requirements\":[{\"type\":\"assert-the-moon\"}],\"updates\":[]}");
        assertThat(unknownRequirement.status()).isEqualTo(400);
        HttpApi.Reply wrongSnapshot = api.post(path, rootToken, "application/json", """
                {"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":1}],
                 "updates":[{"action":"set-properties","updates":{"x":"y"}}]}""");
        assertThat(wrongSnapshot.status()).isEqualTo(409);
        assertThat(wrongSnapshot.json().at("/error/type").asText()).isEqualTo("CommitFailedException");
        HttpApi.Reply wrongSchema = api.post(path, rootToken, "application/json", """
                {"requirements":[{"type":"assert-current-schema-id","current-schema-id":7}],
                 "updates":[{"action":"set-properties","updates":{"x":"y"}}]}""");
        assertThat(wrongSchema.status()).isEqualTo(409);
        HttpApi.Reply wrongUuid = api.post(path, rootToken, "application/json", """
                {"requirements":[{"type":"assert-table-uuid","uuid":"00000000-0000-0000-0000-000000000000"}],
                 "updates":[{"action":"set-properties","updates":{"x":"y"}}]}""");
        assertThat(wrongUuid.status()).isEqualTo(409);
        HttpApi.Reply missing = api.post("/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables/nope", rootToken,
                "application/json", "{\"requirements\":[],\"updates\":[]}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/type").asText()).isEqualTo("NoSuchTableException");
        HttpApi.Reply noNamespace = api.get("/iceberg/v1/default/namespaces/nowhere_at_all/tables", rootToken);
        assertThat(noNamespace.status()).isEqualTo(404);
        assertThat(noNamespace.json().at("/error/type").asText()).isEqualTo("NoSuchNamespaceException");
        HttpApi.Reply badWarehouse = api.get("/iceberg/v1/elsewhere/namespaces", rootToken);
        assertThat(badWarehouse.status()).isEqualTo(404);

        assertThat(metadataLocation(id)).isEqualTo(before);
        assertThat(catalog.loadTable(id).properties()).doesNotContainKey("x");
        assertThat(catalog.loadTable(id).snapshots()).hasSize(1);
    }

    @Test
    void readersReadWritersWriteStrangersNothing() throws Exception {
        Namespace ns = Namespace.of(unique("auth"));
        catalog.createNamespace(ns);
        catalog.createTable(TableIdentifier.of(ns, "t"), SCHEMA);

        HttpApi.Reply anonymous = api.get("/iceberg/v1/default/namespaces", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/error/type").asText()).isEqualTo("NotAuthorizedException");

        try (RESTCatalog reader = client(newClient("reader"), Map.of())) {
            assertThat(reader.listNamespaces()).contains(ns);
            assertThat(reader.loadTable(TableIdentifier.of(ns, "t")).schema().columns()).hasSize(3);
            assertThatThrownBy(() -> reader.createNamespace(Namespace.of(unique("nope")))).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> reader.dropTable(TableIdentifier.of(ns, "t"))).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> reader.loadTable(TableIdentifier.of(ns, "t")).updateProperties().set("a", "b").commit())
                    .isInstanceOf(ForbiddenException.class);
        }
        assertThat(catalog.tableExists(TableIdentifier.of(ns, "t"))).isTrue();
        try (RESTCatalog writer = client(newClient("writer"), Map.of())) {
            writer.loadTable(TableIdentifier.of(ns, "t")).updateProperties().set("a", "b").commit();
        }
        assertThat(catalog.loadTable(TableIdentifier.of(ns, "t")).properties()).containsEntry("a", "b");
    }

    @Test
    void metricsReportsAreStoredPerTable() {
        Namespace ns = Namespace.of(unique("metrics"));
        catalog.createNamespace(ns);
        TableIdentifier id = TableIdentifier.of(ns, "t");
        Table table = catalog.createTable(id, SCHEMA);
        table.newFastAppend().appendFile(dataFile("m-1")).commit();
        try (CloseableIterable<FileScanTask> tasks = catalog.loadTable(id).newScan().planFiles()) {
            tasks.forEach(task -> { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode reports = api.get("/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables/t/metrics", rootToken).json();
        List<String> types = new ArrayList<>();
        reports.get("reports").forEach(report -> types.add(report.get("report-type").asText()));
        assertThat(types).contains("commit_report", "scan_report");
    }

    private HttpApi.Reply withKey(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken).header("Idempotency-Key", key);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return api.send(request);
    }

    private String metadataLocation(TableIdentifier id) {
        return ((HasTableOperations) catalog.loadTable(id)).operations().current().metadataFileLocation();
    }
}
