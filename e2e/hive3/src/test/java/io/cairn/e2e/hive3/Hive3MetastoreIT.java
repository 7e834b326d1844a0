package io.cairn.e2e.hive3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hive.HiveCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hive 3.1.3's metastore client and Iceberg's HiveCatalog on their own class path against Cairn started from the
 * jar with {@code CAIRN_HMS_AUTH=none} (Hive 3 clients can do Kerberos or nothing) acting as writers, and Iceberg's
 * REST client on the same tables.
 */
class Hive3MetastoreIT {

    private static final String ROOT = "root:e2e-root-secret";
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "city", Types.StringType.get()));

    private static CairnProcess cairn;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("cairn-e2e-hive3-");
        Path jar = CairnJar.privateCopy(work.resolve("jar"));
        Map<String, String> environment = Map.of(
                "CAIRN_ROOT_CREDENTIAL", ROOT,
                "CAIRN_HMS_AUTH", "none",
                "CAIRN_HMS_UNAUTHENTICATED_ROLE", "writer");
        cairn = CairnProcess.start(jar, work.resolve("data"), CairnPorts.free(), environment, List.of("-Xmx1g"),
                work.resolve("cairn.log"));
        // The shared build machine can take minutes to start the embedded backends.
        cairn.awaitHealthy(Duration.ofMinutes(15));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cairn != null) {
            cairn.stop(Duration.ofMinutes(2));
        }
    }

    private static String thriftUri() {
        return "thrift://127.0.0.1:" + cairn.ports().hms();
    }

    private static HiveConf hiveConf() {
        HiveConf conf = new HiveConf();
        conf.set("hive.metastore.uris", thriftUri());
        conf.set("metastore.thrift.uris", thriftUri());
        conf.set("hive.metastore.client.socket.timeout", "120s");
        conf.set("metastore.client.socket.timeout", "120s");
        return conf;
    }

    private static HiveCatalog hiveCatalog(boolean locks) {
        Configuration conf = hiveConf();
        conf.set("iceberg.engine.hive.lock-enabled", Boolean.toString(locks));
        HiveCatalog catalog = new HiveCatalog();
        catalog.setConf(conf);
        catalog.initialize("hive", Map.of(CatalogProperties.URI, thriftUri(), CatalogProperties.CLIENT_POOL_SIZE, "2",
                CatalogProperties.WAREHOUSE_LOCATION, "file:" + work.resolve("hive-warehouse")));
        return catalog;
    }

    private static RESTCatalog restCatalog() {
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("cairn", Map.of(CatalogProperties.URI, cairn.baseUri() + "/iceberg", "credential", ROOT));
        return catalog;
    }

    private static DataFile file(String name) {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("/tmp/cairn-e2e-data/" + name + ".parquet")
                .withFormat("parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .build();
    }

    private static Set<String> files(Table table) throws Exception {
        Set<String> paths = new java.util.HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                paths.add(task.file().location());
            }
        }
        return paths;
    }

    @Test
    void hive3ClientManagesDatabases() throws Exception {
        HiveMetaStoreClient client = new HiveMetaStoreClient(hiveConf());
        try {
            Database database = new Database("h3_sales", "the shop", null, new HashMap<>(Map.of("team", "sales")));
            client.createDatabase(database);
            Database read = client.getDatabase("h3_sales");
            assertThat(read.getDescription()).isEqualTo("the shop");
            assertThat(read.getParameters()).containsEntry("team", "sales");
            assertThat(Path.of(java.net.URI.create(read.getLocationUri()))).isDirectory();
            assertThat(client.getAllDatabases()).contains("h3_sales");
            assertThat(client.getDatabases("h3_*")).containsExactly("h3_sales");
            read.getParameters().put("team", "finance");
            client.alterDatabase("h3_sales", read);
            assertThat(client.getDatabase("h3_sales").getParameters()).containsEntry("team", "finance");
            assertThat(client.getAllTables("h3_sales")).isEmpty();
            assertThatThrownBy(() -> client.getTable("h3_sales", "missing")).isInstanceOf(NoSuchObjectException.class);
            assertThatThrownBy(() -> client.getDatabase("h3_missing")).isInstanceOf(NoSuchObjectException.class);
            assertThat(client.getConfigValue("hive.metastore.warehouse.dir", "fallback")).isEqualTo("fallback");
            assertThat(client.getAllFunctions().getFunctions()).isEmpty();
            client.dropDatabase("h3_sales");
            assertThat(client.getAllDatabases()).doesNotContain("h3_sales");
        } finally {
            client.close();
        }
    }

    @Test
    void icebergHiveCatalogWithLocksAndWithoutAndRestOnTheSameTable() throws Exception {
        for (boolean locks : List.of(true, false)) {
            HiveCatalog hive = hiveCatalog(locks);
            RESTCatalog rest = restCatalog();
            try {
                String db = locks ? "ice_locked" : "ice_lockfree";
                hive.createNamespace(Namespace.of(db), Map.of("owner-note", "e2e"));
                TableIdentifier id = TableIdentifier.of(db, "orders");
                Table table = hive.createTable(id, SCHEMA);
                table.newAppend().appendFile(file(db + "-1")).commit();
                table.updateProperties().set("engine", "hive").commit();
                assertThat(hive.listTables(Namespace.of(db))).containsExactly(id);

                // The same table through Iceberg REST: read, then commit on top.
                Table viaRest = rest.loadTable(id);
                assertThat(viaRest.currentSnapshot().snapshotId()).isEqualTo(hive.loadTable(id).currentSnapshot().snapshotId());
                assertThat(viaRest.properties()).containsEntry("engine", "hive");
                viaRest.newAppend().appendFile(file(db + "-2")).commit();
                // ... and the Hive side builds on the REST commit.
                Table again = hive.loadTable(id);
                assertThat(files(again)).hasSize(2);
                again.newAppend().appendFile(file(db + "-3")).commit();
                assertThat(files(rest.loadTable(id))).hasSize(3);

                TableIdentifier renamed = TableIdentifier.of(db, "orders_v2");
                hive.renameTable(id, renamed);
                assertThat(rest.tableExists(renamed)).isTrue();
                assertThat(hive.tableExists(id)).isFalse();
                assertThat(hive.dropTable(renamed, false)).isTrue();
                assertThat(rest.tableExists(renamed)).isFalse();
                assertThat(hive.dropNamespace(Namespace.of(db))).isTrue();
            } finally {
                hive.close();
                rest.close();
            }
        }
    }

    @Test
    void aTableCreatedThroughRestIsCommittedThroughTheMetastore() throws Exception {
        HiveCatalog hive = hiveCatalog(true);
        RESTCatalog rest = restCatalog();
        try {
            rest.createNamespace(Namespace.of("from_rest"));
            TableIdentifier id = TableIdentifier.of("from_rest", "events");
            rest.createTable(id, SCHEMA);
            Table viaHive = hive.loadTable(id);
            viaHive.newAppend().appendFile(file("from-rest-1")).commit();
            assertThat(files(rest.loadTable(id))).hasSize(1);
            HiveMetaStoreClient client = new HiveMetaStoreClient(hiveConf());
            try {
                org.apache.hadoop.hive.metastore.api.Table hmsTable = client.getTable("from_rest", "events");
                assertThat(hmsTable.getTableType()).isEqualTo("EXTERNAL_TABLE");
                assertThat(hmsTable.getParameters()).containsEntry("table_type", "ICEBERG")
                        .containsKey("metadata_location").containsKey("previous_metadata_location");
                assertThat(client.getTableObjectsByName("from_rest", List.of("events", "missing")))
                        .extracting(org.apache.hadoop.hive.metastore.api.Table::getTableName).containsExactly("events");
            } finally {
                client.close();
            }
        } finally {
            hive.close();
            rest.close();
        }
    }

    @Test
    void eightCommittersOverRestAndTheMetastoreLoseNothing() throws Exception {
        RESTCatalog setup = restCatalog();
        setup.createNamespace(Namespace.of("contended"));
        TableIdentifier id = TableIdentifier.of("contended", "counter");
        setup.createTable(id, SCHEMA, PartitionSpec.unpartitioned(), Map.of("commit.retry.num-retries", "50",
                "commit.retry.min-wait-ms", "10", "commit.retry.max-wait-ms", "200"));
        setup.close();

        List<Catalog> catalogs = new ArrayList<>();
        catalogs.add(hiveCatalog(true));
        catalogs.add(hiveCatalog(true));
        catalogs.add(hiveCatalog(false));
        catalogs.add(hiveCatalog(false));
        for (int i = 0; i < 4; i++) {
            catalogs.add(restCatalog());
        }
        Set<String> landed = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(catalogs.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < catalogs.size(); c++) {
                Catalog catalog = catalogs.get(c);
                int writer = c;
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 3; n++) {
                        DataFile file = file("w" + writer + "-" + n);
                        try {
                            catalog.loadTable(id).newAppend().appendFile(file).commit();
                            landed.add(file.location());
                        } catch (org.apache.iceberg.exceptions.CommitFailedException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
            for (Catalog catalog : catalogs) {
                ((java.io.Closeable) catalog).close();
            }
        }
        RESTCatalog check = restCatalog();
        Table table = check.loadTable(id);
        // Every commit that reported success is in the table; failures failed cleanly.
        assertThat(files(table)).isEqualTo(landed);
        assertThat(landed.size() + failed.get()).isEqualTo(24);
        assertThat(landed).hasSizeGreaterThan(12);
        check.close();
    }
}
