package io.cairn.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.CatalogMigrations;
import io.cairn.catalog.Catalogs;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.Warehouses;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.dataset.DatasetMigrations;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.Migration;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.GraphStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

/** The protocol-neutral metastore over a real Neo4j: both kinds of tables, versions, partitions, roles. */
class HiveMetastoreTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get(), "key"),
            Types.NestedField.optional(2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())),
            Types.NestedField.optional(4, "price", Types.DecimalType.of(10, 2)));

    @TempDir
    static Path dir;
    static EmbeddedNeo4j neo4j;
    static Driver driver;
    static GraphStore store;
    static Catalogs catalogs;
    static HiveMetastores metastores;
    static final Actor WRITER = Actor.client("etl", Role.WRITER);
    static final Actor READER = Actor.client("analyst", Role.READER);

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), "127.0.0.1", port);
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        List<Migration> migrations = new ArrayList<>(CoreMigrations.all());
        migrations.addAll(DatasetMigrations.all());
        migrations.addAll(CatalogMigrations.all());
        migrations.addAll(HiveMigrations.all());
        new SchemaMigrator(driver, SessionConfig.defaultConfig()).migrate(migrations);
        store = new GraphStore(driver, null, new ChangeLog(), new ChangeSignal(), Clock.systemUTC());
        Warehouse warehouse = new Warehouse("test", "file:" + dir.resolve("warehouse"), Map.of());
        catalogs = new Catalogs(new Warehouses(warehouse, List.of()), new CatalogGraph(store));
        metastores = new HiveMetastores(catalogs, "localhost:9083");
    }

    @AfterAll
    static void stop() {
        catalogs.close();
        store.close();
        driver.close();
        neo4j.close();
    }

    private static TableDefinition plain(String location, List<HiveColumn> partitionKeys) {
        StorageDescriptor storage = new StorageDescriptor(
                List.of(HiveColumn.of("id", "bigint", "the id"), HiveColumn.of("name", "string", null)), location,
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", false, 0,
                new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of("serialization.format", "1")),
                List.of(), List.of(), Map.of(), false);
        return new TableDefinition(TableType.EXTERNAL_TABLE, "etl", "orders", storage, partitionKeys, Map.of("EXTERNAL", "TRUE"),
                null, null, 0, 0);
    }

    @Test
    void plainTablesHaveVersionsAndOptimisticUpdates() {
        HiveMetastore hive = metastores.open(WRITER);
        hive.createDatabase(new HiveDatabase("Sales", "sales data", null, Map.of("team", "a")));
        HiveDatabase db = hive.database("SALES");
        assertThat(db.name()).isEqualTo("sales");
        assertThat(db.description()).isEqualTo("sales data");
        assertThat(db.parameters()).containsEntry("team", "a");

        HiveTable created = hive.createTable("sales", "Orders", plain("file:/tmp/cairn-hive/orders", List.of()));
        assertThat(created.name()).isEqualTo("orders");
        assertThat(created.kind()).isEqualTo(TableKind.PLAIN);
        assertThat(created.versionId()).isEqualTo("1");
        assertThat(created.definition().storage().columns()).extracting(HiveColumn::name).containsExactly("id", "name");
        assertThat(created.definition().storage().serDe().parameters()).containsEntry("serialization.format", "1");
        assertThat(created.dataset()).isNotNull();

        TableDefinition changed = plain("file:/tmp/cairn-hive/orders", List.of());
        HiveTable second = hive.updateTable("sales", "ORDERS", new TableDefinition(changed.tableType(), "ana", "new comment",
                changed.storage(), List.of(), Map.of("EXTERNAL", "TRUE", "k", "v"), null, null, 0, 0), "1");
        assertThat(second.versionId()).isEqualTo("2");
        assertThat(second.definition().description()).isEqualTo("new comment");
        assertThatThrownBy(() -> hive.updateTable("sales", "orders", changed, "1"))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("is at version 2, not 1");
        assertThat(hive.table("sales", "orders").versionId()).isEqualTo("2");

        Page<TableVersion> versions = hive.tableVersions("sales", "orders", null, 1);
        assertThat(versions.items()).extracting(TableVersion::versionId).containsExactly("2");
        Page<TableVersion> older = hive.tableVersions("sales", "orders", versions.nextToken(), 1);
        assertThat(older.items()).extracting(TableVersion::versionId).containsExactly("1");
        assertThat(older.items().get(0).table().definition().description()).isEqualTo("orders");
        assertThat(older.nextToken()).isNull();
        assertThatThrownBy(() -> hive.deleteTableVersion("sales", "orders", "2")).isInstanceOf(InvalidObjectException.class);
        hive.deleteTableVersion("sales", "orders", "1");
        assertThatThrownBy(() -> hive.tableVersion("sales", "orders", "1")).isInstanceOf(NoSuchObjectException.class);

        assertThatThrownBy(() -> hive.createTable("sales", "orders", plain(null, List.of())))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThatThrownBy(() -> hive.createTable("sales", "bad.name", plain(null, List.of())))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("cannot contain");
        assertThatThrownBy(() -> hive.createTable("nowhere", "t", plain(null, List.of())))
                .isInstanceOf(NoSuchObjectException.class);

        // the same name space as Iceberg: REST cannot create a table under a plain table's name
        CairnCatalog catalog = catalogs.catalog(hive.warehouse(), WRITER);
        assertThatThrownBy(() -> catalog.createTable(TableIdentifier.of("sales", "orders"), SCHEMA))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(catalog.tableExists(TableIdentifier.of("sales", "orders"))).isFalse();

        assertThatThrownBy(() -> hive.dropDatabase("sales", false)).isInstanceOf(ObjectNotEmptyException.class);
        HiveTable renamed = hive.renameTable("sales", "orders", "sales", "orders_v2");
        assertThat(renamed.versionId()).isEqualTo("2");
        assertThat(hive.findTable("sales", "orders")).isEmpty();
        hive.dropTable("sales", "orders_v2");
        assertThat(hive.tableNames("sales", null)).isEmpty();
        hive.dropDatabase("sales", false);
        assertThatThrownBy(() -> hive.database("sales")).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void icebergTablesAreSeenAndCommittedThroughTheSameCompareAndSwap() {
        HiveMetastore hive = metastores.open(WRITER);
        CairnCatalog catalog = catalogs.catalog(hive.warehouse(), WRITER);
        catalog.createNamespace(Namespace.of("Lake"), Map.of());
        Table table = catalog.createTable(TableIdentifier.of("Lake", "Events"), SCHEMA);
        String first = ((HasTableOperations) table).operations().current().metadataFileLocation();

        HiveTable seen = hive.table("lake", "events");
        assertThat(seen.kind()).isEqualTo(TableKind.ICEBERG);
        assertThat(seen.definition().tableType()).isEqualTo(TableType.EXTERNAL_TABLE);
        assertThat(seen.definition().parameters()).containsEntry("table_type", "ICEBERG").containsEntry("metadata_location", first);
        assertThat(seen.definition().storage().columns()).extracting(HiveColumn::type)
                .containsExactly("bigint", "array<string>", "decimal(10,2)");
        assertThat(seen.location()).isEqualTo(table.location());

        table.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned()).withPath("/tmp/x.parquet")
                .withFileSizeInBytes(10).withRecordCount(1).build()).commit();
        String second = ((HasTableOperations) table).operations().refresh().metadataFileLocation();
        // A writer that still believes the first location loses, whatever the protocol.
        assertThatThrownBy(() -> hive.commitIcebergLocation("lake", "events", first, second + ".other"))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThatThrownBy(() -> hive.updateTable("lake", "events", seen.definition(), seen.versionId()))
                .isInstanceOf(ConcurrentUpdateException.class);
        HiveTable now = hive.table("lake", "events");
        assertThat(now.metadataLocation()).isEqualTo(second);
        assertThat(now.definition().parameters()).containsEntry("previous_metadata_location", first);

        // register the same metadata under a new name through the Hive view
        Map<String, String> parameters = new HashMap<>(Map.of("table_type", "iceberg", "metadata_location", second));
        HiveTable registered = hive.createTable("lake", "events_copy", new TableDefinition(TableType.EXTERNAL_TABLE, null, null,
                StorageDescriptor.of(List.of(), table.location()), List.of(), parameters, null, null, 0, 0));
        assertThat(registered.kind()).isEqualTo(TableKind.ICEBERG);
        assertThat(catalog.loadTable(TableIdentifier.of("Lake", "events_copy")).currentSnapshot()).isNotNull();
        assertThatThrownBy(() -> hive.createTable("lake", "broken", new TableDefinition(TableType.EXTERNAL_TABLE, null, null,
                StorageDescriptor.of(List.of(), null), List.of(), Map.of("table_type", "ICEBERG",
                "metadata_location", "file:/nowhere/v1.metadata.json"), null, null, 0, 0)))
                .isInstanceOf(InvalidObjectException.class);
        assertThat(hive.tables("lake", null, null, 10).items()).extracting(HiveTable::name).containsExactly("Events", "events_copy");
        assertThatThrownBy(() -> hive.addPartitions("lake", "events", List.of(), false)).isInstanceOf(InvalidObjectException.class);
    }

    @Test
    void partitionsArePagedAndFiltered() {
        HiveMetastore hive = metastores.open(WRITER);
        hive.createDatabase(new HiveDatabase("logs", null, null, Map.of()));
        hive.createTable("logs", "hits", plain("file:/tmp/cairn-hive/hits",
                List.of(HiveColumn.of("year", "string", null), HiveColumn.of("month", "int", null))));
        List<PartitionDefinition> partitions = new ArrayList<>();
        for (int year = 2023; year <= 2024; year++) {
            for (int month = 1; month <= 12; month++) {
                partitions.add(new PartitionDefinition(List.of(String.valueOf(year), String.valueOf(month)), null, Map.of(), 0));
            }
        }
        assertThat(hive.addPartitions("logs", "hits", partitions, false)).isEmpty();
        assertThat(hive.partition("logs", "hits", List.of("2024", "3")).definition().storage().location())
                .isEqualTo("file:/tmp/cairn-hive/hits/year=2024/month=3");
        assertThatThrownBy(() -> hive.addPartitions("logs", "hits", List.of(partitions.get(0),
                new PartitionDefinition(List.of("2030", "1"), null, Map.of(), 0)), false))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThat(hive.partitions("logs", "hits", List.of(List.of("2030", "1")))).isEmpty();
        assertThat(hive.addPartitions("logs", "hits", List.of(partitions.get(0),
                new PartitionDefinition(List.of("2030", "1"), null, Map.of(), 0)), true)).containsExactly(List.of("2023", "1"));
        assertThatThrownBy(() -> hive.addPartitions("logs", "hits", List.of(new PartitionDefinition(List.of("2030"), null, Map.of(), 0)), false))
                .isInstanceOf(InvalidObjectException.class);

        PartitionFilter filter = PartitionFilter.parse("year = '2024' AND month > 3");
        List<List<String>> seen = new ArrayList<>();
        String token = null;
        do {
            Page<HivePartition> page = hive.partitions("logs", "hits", filter, token, 4);
            page.items().forEach(partition -> seen.add(partition.values()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).hasSize(9).allMatch(values -> values.get(0).equals("2024") && Integer.parseInt(values.get(1)) > 3);

        HivePartition moved = hive.updatePartition("logs", "hits", List.of("2030", "1"),
                new PartitionDefinition(List.of("2031", "1"), null, Map.of("k", "v"), 0));
        assertThat(moved.definition().parameters()).containsEntry("k", "v");
        assertThat(hive.deletePartitions("logs", "hits", List.of(List.of("2031", "1"), List.of("1999", "1"))))
                .containsExactly(List.of("1999", "1"));
        assertThat(hive.partitions("logs", "hits", PartitionFilter.parse(null), null, 1000).items()).hasSize(24);
        assertThatThrownBy(() -> hive.partitions("logs", "hits", PartitionFilter.parse("day = 1"), null, 10))
                .isInstanceOf(InvalidObjectException.class);
        // partition keys cannot change under existing partitions
        assertThatThrownBy(() -> hive.updateTable("logs", "hits", plain("file:/tmp/cairn-hive/hits", List.of()), null))
                .isInstanceOf(InvalidObjectException.class);
        hive.dropDatabase("logs", true);
        assertThatThrownBy(() -> hive.database("logs")).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void readersReadAndCannotWrite() {
        metastores.open(WRITER).createDatabase(new HiveDatabase("shared", null, null, Map.of()));
        HiveMetastore reader = metastores.open(READER);
        assertThat(reader.database("shared").name()).isEqualTo("shared");
        assertThatThrownBy(() -> reader.createTable("shared", "t", plain(null, List.of())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(reader.databases(name -> name.startsWith("sh"), null, 10).items()).extracting(HiveDatabase::name)
                .containsExactly("shared");
    }
}
