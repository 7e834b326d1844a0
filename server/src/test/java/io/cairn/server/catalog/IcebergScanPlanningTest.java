package io.cairn.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/** Server-side scan planning as Iceberg's own client uses it ({@code scan-planning-mode=server}). */
class IcebergScanPlanningTest extends CatalogServerTestBase {

    private static final PartitionSpec BY_CUSTOMER = PartitionSpec.builderFor(SCHEMA).identity("customer").build();

    @Test
    void theServersPlanIsTheClientsOwnPlanDeleteFilesIncluded() throws IOException {
        Namespace namespace = Namespace.of(unique("plans"));
        catalog.createNamespace(namespace);
        TableIdentifier identifier = TableIdentifier.of(namespace, "orders");
        Table table = catalog.createTable(identifier, SCHEMA, BY_CUSTOMER, Map.of(TableProperties.FORMAT_VERSION, "2"));
        table.newFastAppend().appendFile(file(table, "ann-1", "ann")).appendFile(file(table, "bob-1", "bob")).commit();
        table.newFastAppend().appendFile(file(table, "ann-2", "ann")).commit();
        DeleteFile deletes = FileMetadata.deleteFileBuilder(table.spec()).ofPositionDeletes()
                .withPath(table.location() + "/data/customer=ann/deletes.parquet").withFormat("parquet")
                .withFileSizeInBytes(100).withRecordCount(2).withPartitionPath("customer=ann").build();
        table.newRowDelta().addDeletes(deletes).commit();

        Expression filter = Expressions.equal("customer", "ann");
        Set<String> clientPlanned;
        try (CloseableIterable<FileScanTask> tasks = catalog.loadTable(identifier).newScan().filter(filter).planFiles()) {
            clientPlanned = describe(tasks);
        }
        try (RESTCatalog serverPlanning = client(CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET,
                Map.of("scan-planning-mode", "server"));
             CloseableIterable<FileScanTask> tasks = serverPlanning.loadTable(identifier).newScan().filter(filter).planFiles()) {
            Set<String> serverPlanned = describe(tasks);
            assertThat(serverPlanned).isEqualTo(clientPlanned).hasSize(2)
                    .allSatisfy(task -> assertThat(task).endsWith("deletes [" + table.location() + "/data/customer=ann/deletes.parquet]"));
        }

        // A reader may plan; the route reads the table as loadTable does.
        String reader = newClient("reader");
        try (RESTCatalog readerCatalog = client(reader, Map.of("scan-planning-mode", "server"));
             CloseableIterable<FileScanTask> tasks = readerCatalog.loadTable(identifier).newScan().planFiles()) {
            assertThat(describe(tasks)).hasSize(3);
        }
    }

    @Test
    void badPlanRequestsGetTheSpecsErrors() throws IOException {
        Namespace namespace = Namespace.of(unique("plans"));
        catalog.createNamespace(namespace);
        catalog.createTable(TableIdentifier.of(namespace, "orders"), SCHEMA);
        String path = "/iceberg/v1/default/namespaces/" + namespace.level(0) + "/tables/orders/plan";

        HttpApi.Reply unknownColumn = api.post(path, rootToken, "application/json",
                "{\"filter\": {\"type\": \"eq\", \"term\": \"no_such_column\", \"value\": 1}}");
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.json().path("error").path("message").asText()).contains("no_such_column");

        HttpApi.Reply malformed = api.post(path, rootToken, "application/json", "{\"filter\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("error").path("type").asText()).isEqualTo("BadRequestException");

        HttpApi.Reply bothKinds = api.post(path, rootToken, "application/json",
                "{\"snapshot-id\": 1, \"start-snapshot-id\": 2, \"end-snapshot-id\": 3}");
        assertThat(bothKinds.status()).isEqualTo(400);

        HttpApi.Reply missing = api.post("/iceberg/v1/default/namespaces/" + namespace.level(0) + "/tables/nothing/plan",
                rootToken, "application/json", "{}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").path("type").asText()).isEqualTo("NoSuchTableException");

        HttpApi.Reply config = api.get("/iceberg/v1/config", rootToken);
        assertThat(config.json().path("endpoints").toString())
                .contains("POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan")
                .doesNotContain("/plan/{plan-id}").doesNotContain("/tasks");

        try (RESTCatalog serverPlanning = client(CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET,
                Map.of("scan-planning-mode", "server"))) {
            assertThatThrownBy(() -> serverPlanning.loadTable(TableIdentifier.of(namespace, "nothing")))
                    .isInstanceOf(NoSuchTableException.class);
        }
    }

    private static DataFile file(Table table, String name, String customer) {
        return DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/customer=" + customer + "/" + name + ".parquet")
                .withFormat("parquet")
                .withFileSizeInBytes(1_000)
                .withRecordCount(10)
                .withPartitionPath("customer=" + customer)
                .build();
    }

    /** Each task as its file, partition, record count and delete files: what a reader of the plan relies on. */
    private static Set<String> describe(Iterable<FileScanTask> tasks) {
        Set<String> described = new TreeSet<>();
        for (FileScanTask task : tasks) {
            described.add(task.file().location() + " " + task.file().partition() + " rows " + task.file().recordCount()
                    + " deletes " + task.deletes().stream().map(d -> d.location()).sorted().toList());
        }
        return described;
    }
}
