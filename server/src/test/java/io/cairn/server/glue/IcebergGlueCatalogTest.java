package io.cairn.server.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.CairnTestServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * One table, two doors: Iceberg's own GlueCatalog (iceberg-aws) against Cairn's Glue API through a whole table
 * lifecycle, with the same table read and committed through Iceberg's RESTCatalog.
 */
@DirtiesContext
class IcebergGlueCatalogTest extends GlueServerTestBase {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get(), "the order id"),
            Types.NestedField.optional(2, "customer", Types.StringType.get()));

    private final Map<String, String> savedProperties = new HashMap<>();
    private String[] writer;
    private GlueCatalog glueCatalog;
    private RESTCatalog rest;

    @BeforeEach
    void openCatalogs() {
        writer = newClient("writer");
        // GlueCatalog's static-credentials property does not reach its client; the SDK's system properties do.
        for (String key : new String[] {"aws.accessKeyId", "aws.secretAccessKey", "aws.region"}) {
            savedProperties.put(key, System.getProperty(key));
        }
        System.setProperty("aws.accessKeyId", writer[0]);
        System.setProperty("aws.secretAccessKey", writer[1]);
        System.setProperty("aws.region", "us-east-1");
        glueCatalog = new GlueCatalog();
        glueCatalog.initialize("glue", Map.of(
                "glue.endpoint", glueEndpoint().toString(),
                "client.region", "us-east-1",
                "warehouse", "file:" + DATA_DIR.resolve("glue-warehouse"),
                "io-impl", "org.apache.iceberg.hadoop.HadoopFileIO",
                // The test machine is shared and slow; a request must not time out and be retried half-done.
                "http-client.type", "apache",
                "http-client.apache.socket-timeout-ms", "180000"));
        rest = new RESTCatalog();
        rest.initialize("cairn", Map.of("uri", "http://127.0.0.1:" + port + "/iceberg",
                "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
    }

    @AfterEach
    void closeCatalogs() throws IOException {
        glueCatalog.close();
        rest.close();
        savedProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private static DataFile dataFile(String name) {
        return DataFiles.builder(PartitionSpec.unpartitioned()).withPath("/tmp/cairn-glue-data/" + name + ".parquet")
                .withFormat("parquet").withFileSizeInBytes(1024).withRecordCount(10).build();
    }

    @Test
    void glueCatalogLifecycleIsTheSameTableThroughIcebergRest() {
        String ns = unique("orders").toLowerCase();
        glueCatalog.createNamespace(Namespace.of(ns));
        assertThat(glueCatalog.namespaceExists(Namespace.of(ns))).isTrue();
        assertThat(rest.namespaceExists(Namespace.of(ns))).isTrue();

        TableIdentifier id = TableIdentifier.of(ns, "events");
        Table viaGlue = glueCatalog.createTable(id, SCHEMA);
        viaGlue.newAppend().appendFile(dataFile("a")).commit();
        long glueSnapshot = viaGlue.currentSnapshot().snapshotId();

        Table viaRest = rest.loadTable(id);
        assertThat(viaRest.currentSnapshot().snapshotId()).isEqualTo(glueSnapshot);
        assertThat(viaRest.schema().asStruct()).isEqualTo(viaGlue.schema().asStruct());
        assertThat(glueCatalog.listTables(Namespace.of(ns))).containsExactly(id);

        // A commit through REST is what GlueCatalog reads next; then GlueCatalog commits on top of it.
        viaRest.newAppend().appendFile(dataFile("b")).commit();
        viaGlue.refresh();
        assertThat(viaGlue.currentSnapshot().snapshotId()).isEqualTo(viaRest.currentSnapshot().snapshotId());
        viaGlue.newAppend().appendFile(dataFile("c")).commit();
        viaRest.refresh();
        assertThat(viaRest.currentSnapshot().allManifests(viaRest.io()).stream()
                .mapToLong(manifest -> manifest.addedFilesCount() + manifest.existingFilesCount()).sum()).isEqualTo(3);

        TableIdentifier renamed = TableIdentifier.of(ns, "events_v2");
        glueCatalog.renameTable(id, renamed);
        assertThat(rest.tableExists(id)).isFalse();
        assertThat(rest.loadTable(renamed).currentSnapshot().snapshotId()).isEqualTo(viaRest.currentSnapshot().snapshotId());

        assertThat(glueCatalog.dropTable(renamed, false)).isTrue();
        assertThatThrownBy(() -> rest.loadTable(renamed)).isInstanceOf(NoSuchTableException.class);
        assertThat(glueCatalog.dropNamespace(Namespace.of(ns))).isTrue();
        assertThat(rest.namespaceExists(Namespace.of(ns))).isFalse();
    }

    @Test
    void glueCreateTableWithIcebergParametersRegistersTheTableAndUpdatesAreCompareAndSwap() {
        String ns = unique("lake").toLowerCase();
        rest.createNamespace(Namespace.of(ns));
        Table source = rest.createTable(TableIdentifier.of(ns, "source"), SCHEMA);
        source.newAppend().appendFile(dataFile("s1")).commit();
        String first = ((HasTableOperations) source).operations().current().metadataFileLocation();

        try (GlueClient glue = glue(writer[0], writer[1])) {
            // The Glue documentation's way of registering an existing Iceberg table.
            glue.createTable(r -> r.databaseName(ns).tableInput(TableInput.builder().name("registered")
                    .tableType("EXTERNAL_TABLE")
                    .parameters(Map.of("table_type", "ICEBERG", "metadata_location", first))
                    .storageDescriptor(StorageDescriptor.builder().location(source.location()).build())
                    .build()));
            Table registered = rest.loadTable(TableIdentifier.of(ns, "registered"));
            assertThat(registered.currentSnapshot().snapshotId()).isEqualTo(source.currentSnapshot().snapshotId());

            software.amazon.awssdk.services.glue.model.Table seen = glue.getTable(r -> r.databaseName(ns).name("registered")).table();
            assertThat(seen.parameters()).containsEntry("table_type", "ICEBERG").containsEntry("metadata_location", first);
            assertThat(seen.storageDescriptor().columns()).extracting(c -> c.name() + ":" + c.type())
                    .containsExactly("id:bigint", "customer:string");
            String staleVersion = seen.versionId();

            registered.newAppend().appendFile(dataFile("r1")).commit();
            String second = ((HasTableOperations) registered).operations().current().metadataFileLocation();
            assertThat(glue.getTable(r -> r.databaseName(ns).name("registered")).table().parameters())
                    .containsEntry("metadata_location", second).containsEntry("previous_metadata_location", first);

            // A Glue writer that read before the REST commit loses: same compare-and-swap as REST.
            assertThatThrownBy(() -> glue.updateTable(r -> r.databaseName(ns).versionId(staleVersion).tableInput(TableInput.builder()
                    .name("registered").tableType("EXTERNAL_TABLE")
                    .parameters(Map.of("table_type", "ICEBERG", "metadata_location", first + ".next",
                            "previous_metadata_location", first)).build())))
                    .isInstanceOf(ConcurrentModificationException.class);
            assertThat(rest.loadTable(TableIdentifier.of(ns, "registered")).currentSnapshot().snapshotId())
                    .isEqualTo(registered.currentSnapshot().snapshotId());
        }
    }
}
