package io.cairn.e2e.hive3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.TableType;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.aws.glue.GlueCatalog;
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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Hive 3.1.3's metastore client and Iceberg's HiveCatalog on their own class path against Cairn started from the
 * jar with {@code CAIRN_HMS_AUTH=none} (Hive 3 clients can do Kerberos or nothing) acting as writers, and Iceberg's
 * REST client and GlueCatalog (AWS SDK, SigV4 with the root client's id and secret) on the same tables.
 */
class Hive3MetastoreIT {

    private static final String ROOT = "root:e2e-root-secret";
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "city", Types.StringType.get()));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CairnProcess cairn;
    private static Path jar;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("cairn-e2e-hive3-");
        jar = CairnJar.privateCopy(work.resolve("jar"));
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
        // The log and data directory stay for a look after a failure; the 270 MB jar copy does not.
        if (jar != null) {
            Files.deleteIfExists(jar);
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

    private static GlueCatalog glueCatalog() {
        GlueCatalog catalog = new GlueCatalog();
        catalog.initialize("glue", Map.of(
                "glue.endpoint", cairn.baseUri() + "/glue",
                "client.region", "us-east-1",
                "warehouse", "file:" + work.resolve("glue-warehouse"),
                "io-impl", "org.apache.iceberg.hadoop.HadoopFileIO",
                // The shared machine is slow: a request must not time out and be retried half-done.
                "http-client.type", "apache",
                "http-client.apache.socket-timeout-ms", "180000"));
        return catalog;
    }

    private static GlueClient glueClient() {
        return GlueClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(180)))
                .endpointOverride(java.net.URI.create(cairn.baseUri() + "/glue"))
                .region(Region.US_EAST_1)
                .build();
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
    void eightCommittersOverRestTheMetastoreAndGlueLoseNothing() throws Exception {
        RESTCatalog setup = restCatalog();
        setup.createNamespace(Namespace.of("contended"));
        TableIdentifier id = TableIdentifier.of("contended", "counter");
        setup.createTable(id, SCHEMA, PartitionSpec.unpartitioned(), Map.of("commit.retry.num-retries", "50",
                "commit.retry.min-wait-ms", "10", "commit.retry.max-wait-ms", "200"));
        setup.close();

        // 3 Iceberg REST, 3 HMS (two taking metastore locks, one relying on the parameter compare-and-swap), 2 Glue.
        List<Catalog> catalogs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            catalogs.add(restCatalog());
        }
        catalogs.add(hiveCatalog(true));
        catalogs.add(hiveCatalog(true));
        catalogs.add(hiveCatalog(false));
        catalogs.add(glueCatalog());
        catalogs.add(glueCatalog());
        int appendsPerWriter = 4;
        Set<String> landed = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(catalogs.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < catalogs.size(); c++) {
                Catalog catalog = catalogs.get(c);
                int writer = c;
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < appendsPerWriter; n++) {
                        DataFile file = file("w" + writer + "-" + n);
                        try {
                            catalog.loadTable(id).newAppend().appendFile(file).commit();
                            landed.add(file.location());
                        } catch (org.apache.iceberg.exceptions.CommitFailedException e) {
                            // A clean loss after Iceberg's retries; anything else (state unknown) fails the test.
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
        }
        System.out.printf("8 committers (3 REST, 3 HMS, 2 Glue) x %d appends: %d landed, %d failed cleanly after retries%n",
                appendsPerWriter, landed.size(), failed.get());
        try {
            Table table = catalogs.get(0).loadTable(id);
            // Every commit that reported success is in the table, and nothing else; failures failed cleanly.
            assertThat(files(table)).isEqualTo(landed);
            assertThat(landed.size() + failed.get()).isEqualTo(catalogs.size() * appendsPerWriter);
            assertThat(landed).hasSizeGreaterThan(catalogs.size() * appendsPerWriter / 2);
            // The snapshot chain is exactly the landed appends: one snapshot each, none lost or doubled.
            List<String> appendedBySnapshots = new ArrayList<>();
            Long snapshotId = table.currentSnapshot().snapshotId();
            while (snapshotId != null) {
                org.apache.iceberg.Snapshot snapshot = table.snapshot(snapshotId);
                snapshot.addedDataFiles(table.io()).forEach(added -> appendedBySnapshots.add(added.location()));
                snapshotId = snapshot.parentId();
            }
            assertThat(appendedBySnapshots).hasSize(landed.size()).containsExactlyInAnyOrderElementsOf(landed);
            // The table loads through all three doors at the same snapshot.
            long current = table.currentSnapshot().snapshotId();
            assertThat(catalogs.get(3).loadTable(id).currentSnapshot().snapshotId()).isEqualTo(current);
            assertThat(catalogs.get(6).loadTable(id).currentSnapshot().snapshotId()).isEqualTo(current);
        } finally {
            for (Catalog catalog : catalogs) {
                ((java.io.Closeable) catalog).close();
            }
        }
    }

    @Test
    void aTableCreatedThroughEachDoorIsCommittedThroughTheOtherTwoAndFoundInSearch() throws Exception {
        RESTCatalog rest = restCatalog();
        HiveCatalog hive = hiveCatalog(false);
        GlueCatalog glue = glueCatalog();
        try {
            Map<String, Catalog> doors = new java.util.LinkedHashMap<>();
            doors.put("rest", rest);
            doors.put("hms", hive);
            doors.put("glue", glue);
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, Catalog> creator : doors.entrySet()) {
                String door = creator.getKey();
                Namespace namespace = Namespace.of("door_" + door);
                ((org.apache.iceberg.catalog.SupportsNamespaces) creator.getValue()).createNamespace(namespace);
                TableIdentifier id = TableIdentifier.of(namespace, "made_through_" + door);
                Table created = creator.getValue().createTable(id, SCHEMA);
                created.newAppend().appendFile(file(door + "-by-creator")).commit();
                int expected = 1;
                for (Map.Entry<String, Catalog> other : doors.entrySet()) {
                    if (other.getKey().equals(door)) {
                        continue;
                    }
                    Table viaOther = other.getValue().loadTable(id);
                    assertThat(files(viaOther)).as("%s table read through %s", door, other.getKey()).hasSize(expected);
                    viaOther.newAppend().appendFile(file(door + "-by-" + other.getKey())).commit();
                    expected++;
                }
                created.refresh();
                assertThat(files(created)).as("%s table after the other doors committed", door).hasSize(3);
                names.add(id.name());
            }

            // A plain Parquet table, partitioned, through the metastore; read and extended through Glue.
            HiveMetaStoreClient client = new HiveMetaStoreClient(hiveConf());
            try {
                client.createDatabase(new Database("door_plain", null, null, new HashMap<>()));
                org.apache.hadoop.hive.metastore.api.Table plain = plainParquetTable("door_plain", "made_through_hms_plain");
                client.createTable(plain);
                org.apache.hadoop.hive.metastore.api.Table created = client.getTable("door_plain", "made_through_hms_plain");
                client.add_partition(partition(created, "2024-06-01", "0"));
                try (GlueClient glueClient = glueClient()) {
                    software.amazon.awssdk.services.glue.model.Table seen = glueClient.getTable(r -> r.databaseName("door_plain")
                            .name("made_through_hms_plain")).table();
                    assertThat(seen.storageDescriptor().serdeInfo().serializationLibrary()).endsWith("ParquetHiveSerDe");
                    assertThat(seen.partitionKeys()).extracting(software.amazon.awssdk.services.glue.model.Column::name)
                            .containsExactly("ds", "hr");
                    assertThat(glueClient.getPartitions(r -> r.databaseName("door_plain").tableName("made_through_hms_plain"))
                            .partitions()).extracting(software.amazon.awssdk.services.glue.model.Partition::values)
                            .containsExactly(List.of("2024-06-01", "0"));
                    glueClient.batchCreatePartition(r -> r.databaseName("door_plain").tableName("made_through_hms_plain")
                            .partitionInputList(software.amazon.awssdk.services.glue.model.PartitionInput.builder()
                                    .values("2024-06-02", "0").storageDescriptor(seen.storageDescriptor().toBuilder()
                                            .location(seen.storageDescriptor().location() + "/ds=2024-06-02/hr=0").build())
                                    .build()));
                }
                assertThat(client.listPartitionNames("door_plain", "made_through_hms_plain", (short) -1))
                        .containsExactly("ds=2024-06-01/hr=0", "ds=2024-06-02/hr=0");
            } finally {
                client.close();
            }
            names.add("made_through_hms_plain");

            String token = token();
            for (String name : names) {
                awaitInSearch(token, name);
            }
        } finally {
            rest.close();
            hive.close();
            glue.close();
        }
    }

    @Test
    void partitionsByExpressionComeBackFlaggedForHiveToPrune() throws Exception {
        HiveMetaStoreClient client = new HiveMetaStoreClient(hiveConf());
        try {
            client.createDatabase(new Database("h3_expr", null, null, new HashMap<>()));
            client.createTable(plainTable("h3_expr", "hits"));
            org.apache.hadoop.hive.metastore.api.Table table = client.getTable("h3_expr", "hits");
            client.add_partitions(List.of(partition(table, "2024-07-01", "0"), partition(table, "2024-07-01", "1"),
                    partition(table, "2024-07-02", "0")));
            // Hive's planner sends its expression tree Kryo-serialized; Cairn cannot evaluate Hive's classes. The call's
            // contract: the answer may be a superset if it says so, and the planner then prunes it itself.
            byte[] expression = {1, 0, 'o', 'r', 'g', '.', 'a', 'p', 'a', 'c', 'h', 'e'};
            List<Partition> result = new ArrayList<>();
            boolean hasUnknown = client.listPartitionsByExpr("h3_expr", "hits", expression, "__HIVE_DEFAULT_PARTITION__",
                    (short) -1, result);
            assertThat(hasUnknown).isTrue();
            assertThat(result).extracting(Partition::getValues).containsExactly(List.of("2024-07-01", "0"),
                    List.of("2024-07-01", "1"), List.of("2024-07-02", "0"));
            List<Partition> limited = new ArrayList<>();
            assertThat(client.listPartitionsByExpr("h3_expr", "hits", expression, null, (short) 1, limited)).isTrue();
            assertThat(limited).hasSize(1);
            assertThatThrownBy(() -> client.listPartitionsByExpr("h3_expr", "missing", expression, null, (short) -1,
                    new ArrayList<>())).isInstanceOf(NoSuchObjectException.class);

            // Aggregated partition statistics, as Hive's optimizer asks for them.
            storePartitionStats(client, "h3_expr", "hits", "ds=2024-07-01/hr=0", 3, 90, 1, 50);
            storePartitionStats(client, "h3_expr", "hits", "ds=2024-07-01/hr=1", -5, 40, 4, 70);
            org.apache.hadoop.hive.metastore.api.AggrStats aggregate = client.getAggrColStatsFor("h3_expr", "hits", List.of("id"),
                    List.of("ds=2024-07-01/hr=0", "ds=2024-07-01/hr=1", "ds=2024-07-02/hr=0"));
            assertThat(aggregate.getPartsFound()).isEqualTo(2);
            LongColumnStatsData ids = aggregate.getColStats().get(0).getStatsData().getLongStats();
            assertThat(ids.getLowValue()).isEqualTo(-5);
            assertThat(ids.getHighValue()).isEqualTo(90);
            assertThat(ids.getNumNulls()).isEqualTo(5);
            assertThat(ids.getNumDVs()).isEqualTo(70);

            // Dropping a column drops its statistics, table- and partition-level; the other columns keep theirs.
            LongColumnStatsData tableIds = new LongColumnStatsData(0, 10);
            tableIds.setLowValue(1);
            tableIds.setHighValue(10);
            client.updateTableColumnStatistics(new ColumnStatistics(new ColumnStatisticsDesc(true, "h3_expr", "hits"), List.of(
                    new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(tableIds)),
                    new ColumnStatisticsObj("city", "string", ColumnStatisticsData.stringStats(new StringColumnStatsData(9, 5.5, 2, 12))))));
            org.apache.hadoop.hive.metastore.api.Table changed = client.getTable("h3_expr", "hits");
            changed.getSd().getCols().removeIf(column -> column.getName().equals("id"));
            client.alter_table("h3_expr", "hits", changed);
            assertThat(client.getTableColumnStatistics("h3_expr", "hits", List.of("id", "city")))
                    .extracting(ColumnStatisticsObj::getColName).containsExactly("city");
            assertThat(client.getPartitionColumnStatistics("h3_expr", "hits", List.of("ds=2024-07-01/hr=0"), List.of("id"))).isEmpty();
            client.dropDatabase("h3_expr", true, true, true);
        } finally {
            client.close();
        }
    }

    private static void storePartitionStats(HiveMetaStoreClient client, String db, String table, String partition, long low,
                                            long high, long nulls, long distinct) throws Exception {
        LongColumnStatsData data = new LongColumnStatsData(nulls, distinct);
        data.setLowValue(low);
        data.setHighValue(high);
        ColumnStatisticsDesc desc = new ColumnStatisticsDesc(false, db, table);
        desc.setPartName(partition);
        assertThat(client.updatePartitionColumnStatistics(new ColumnStatistics(desc,
                List.of(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(data)))))).isTrue();
    }

    private static org.apache.hadoop.hive.metastore.api.Table plainParquetTable(String db, String name) {
        org.apache.hadoop.hive.metastore.api.Table table = plainTable(db, name);
        table.getSd().setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        table.getSd().setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        table.getSd().setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", new HashMap<>()));
        return table;
    }

    private static String token() throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(cairn.baseUri().resolve("/api/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=root&client_secret=e2e-root-secret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        Matcher matcher = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(reply.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** Search is fed from the change log, asynchronously: poll for up to a minute. */
    private static void awaitInSearch(String token, String name) throws Exception {
        Pattern hit = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(cairn.baseUri().resolve("/api/v1/search?q=" + name))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            last = reply.body();
            if (reply.statusCode() == 200 && hit.matcher(last).find()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("search did not find " + name + " within 60 s; last answer: " + last);
    }

    private static org.apache.hadoop.hive.metastore.api.Table plainTable(String db, String name) {
        org.apache.hadoop.hive.metastore.api.StorageDescriptor sd = new org.apache.hadoop.hive.metastore.api.StorageDescriptor();
        sd.setCols(new ArrayList<>(List.of(new FieldSchema("id", "bigint", null), new FieldSchema("city", "string", "where"))));
        sd.setInputFormat("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
        sd.setOutputFormat("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
        sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.orc.OrcSerde", new HashMap<>()));
        org.apache.hadoop.hive.metastore.api.Table table = new org.apache.hadoop.hive.metastore.api.Table(name, db, "hive", 0, 0, 0, sd,
                new ArrayList<>(List.of(new FieldSchema("ds", "string", null), new FieldSchema("hr", "int", null))),
                new HashMap<>(Map.of("comment", "plain orc")), null, null, TableType.MANAGED_TABLE.name());
        return table;
    }

    private static Partition partition(org.apache.hadoop.hive.metastore.api.Table table, String ds, String hr) {
        org.apache.hadoop.hive.metastore.api.StorageDescriptor sd = table.getSd().deepCopy();
        sd.setLocation(table.getSd().getLocation() + "/ds=" + ds + "/hr=" + hr);
        Partition partition = new Partition(new ArrayList<>(List.of(ds, hr)), table.getDbName(), table.getTableName(), 0, 0, sd,
                new HashMap<>());
        return partition;
    }

    @Test
    void hive3ClientManagesPlainPartitionedTables() throws Exception {
        HiveMetaStoreClient client = new HiveMetaStoreClient(hiveConf());
        try {
            client.createDatabase(new Database("h3_plain", null, null, new HashMap<>()));
            client.createTable(plainTable("h3_plain", "visits"));
            org.apache.hadoop.hive.metastore.api.Table table = client.getTable("h3_plain", "visits");
            assertThat(table.getTableType()).isEqualTo("MANAGED_TABLE");
            assertThat(table.getPartitionKeys()).extracting(FieldSchema::getName).containsExactly("ds", "hr");
            assertThat(Path.of(java.net.URI.create(table.getSd().getLocation()))).isDirectory();
            assertThat(client.getTables("h3_plain", "*", TableType.MANAGED_TABLE)).containsExactly("visits");
            assertThat(client.getTables("h3_plain", "vis*")).containsExactly("visits");

            client.add_partition(partition(table, "2024-05-01", "0"));
            assertThat(client.add_partitions(List.of(partition(table, "2024-05-01", "1"), partition(table, "2024-05-02", "0")))).isEqualTo(2);
            assertThat(client.add_partitions(List.of(partition(table, "2024-05-02", "0"), partition(table, "2024-05-03", "0")), true, true))
                    .extracting(Partition::getValues).containsExactly(List.of("2024-05-03", "0"));
            assertThatThrownBy(() -> client.add_partition(partition(table, "2024-05-01", "0")))
                    .isInstanceOf(org.apache.hadoop.hive.metastore.api.AlreadyExistsException.class);
            assertThat(client.listPartitionNames("h3_plain", "visits", (short) -1))
                    .containsExactly("ds=2024-05-01/hr=0", "ds=2024-05-01/hr=1", "ds=2024-05-02/hr=0", "ds=2024-05-03/hr=0");
            assertThat(client.listPartitions("h3_plain", "visits", (short) -1)).hasSize(4);
            assertThat(client.listPartitionsByFilter("h3_plain", "visits", "ds > \"2024-05-01\" AND hr = 0", (short) -1))
                    .extracting(Partition::getValues).containsExactly(List.of("2024-05-02", "0"), List.of("2024-05-03", "0"));
            assertThat(client.listPartitions("h3_plain", "visits", List.of("2024-05-01"), (short) -1)).hasSize(2);
            assertThat(client.getPartitionsByNames("h3_plain", "visits", List.of("ds=2024-05-01/hr=1", "ds=1999-01-01/hr=0")))
                    .extracting(Partition::getValues).containsExactly(List.of("2024-05-01", "1"));
            assertThat(client.getPartition("h3_plain", "visits", "ds=2024-05-02/hr=0").getSd().getLocation())
                    .endsWith("/visits/ds=2024-05-02/hr=0");

            Partition altered = client.getPartition("h3_plain", "visits", List.of("2024-05-01", "0"));
            altered.getParameters().put("numRows", "7");
            client.alter_partition("h3_plain", "visits", altered);
            assertThat(client.getPartition("h3_plain", "visits", List.of("2024-05-01", "0")).getParameters()).containsEntry("numRows", "7");
            Partition appended = client.appendPartition("h3_plain", "visits", List.of("2024-05-04", "0"));
            assertThat(appended.getSd().getLocation()).isEqualTo(table.getSd().getLocation() + "/ds=2024-05-04/hr=0");
            assertThat(client.dropPartition("h3_plain", "visits", List.of("2024-05-04", "0"), true)).isTrue();
            assertThat(Path.of(java.net.URI.create(appended.getSd().getLocation()))).doesNotExist();
            assertThatThrownBy(() -> client.dropPartition("h3_plain", "visits", List.of("2024-05-04", "0"), true))
                    .isInstanceOf(NoSuchObjectException.class);

            // Column statistics, table- and partition-level.
            LongColumnStatsData ids = new LongColumnStatsData(0, 40);
            ids.setLowValue(1);
            ids.setHighValue(40);
            ColumnStatistics tableStats = new ColumnStatistics(new ColumnStatisticsDesc(true, "h3_plain", "visits"),
                    List.of(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(ids)),
                            new ColumnStatisticsObj("city", "string", ColumnStatisticsData.stringStats(new StringColumnStatsData(9, 5.5, 2, 12)))));
            assertThat(client.updateTableColumnStatistics(tableStats)).isTrue();
            List<ColumnStatisticsObj> read = client.getTableColumnStatistics("h3_plain", "visits", List.of("id", "city"));
            assertThat(read).extracting(ColumnStatisticsObj::getColName).containsExactly("id", "city");
            assertThat(read.get(0).getStatsData().getLongStats().getHighValue()).isEqualTo(40);
            assertThat(read.get(1).getStatsData().getStringStats().getAvgColLen()).isEqualTo(5.5);
            ColumnStatisticsDesc partitionDesc = new ColumnStatisticsDesc(false, "h3_plain", "visits");
            partitionDesc.setPartName("ds=2024-05-01/hr=0");
            assertThat(client.updatePartitionColumnStatistics(new ColumnStatistics(partitionDesc,
                    List.of(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(new LongColumnStatsData(0, 7))))))).isTrue();
            Map<String, List<ColumnStatisticsObj>> byPartition = client.getPartitionColumnStatistics("h3_plain", "visits",
                    List.of("ds=2024-05-01/hr=0", "ds=2024-05-01/hr=1"), List.of("id"));
            assertThat(byPartition).containsOnlyKeys("ds=2024-05-01/hr=0");
            assertThat(byPartition.get("ds=2024-05-01/hr=0").get(0).getStatsData().getLongStats().getNumDVs()).isEqualTo(7);
            assertThat(client.deleteTableColumnStatistics("h3_plain", "visits", "city")).isTrue();
            assertThat(client.getTableColumnStatistics("h3_plain", "visits", List.of("id", "city")))
                    .extracting(ColumnStatisticsObj::getColName).containsExactly("id");
            assertThat(client.deletePartitionColumnStatistics("h3_plain", "visits", "ds=2024-05-01/hr=0", "id")).isTrue();

            // Alter and rename: the managed table's directory moves with it.
            org.apache.hadoop.hive.metastore.api.Table changed = client.getTable("h3_plain", "visits");
            changed.getSd().getCols().add(new FieldSchema("agent", "string", null));
            changed.setTableName("visits_v2");
            client.alter_table("h3_plain", "visits", changed);
            org.apache.hadoop.hive.metastore.api.Table renamed = client.getTable("h3_plain", "visits_v2");
            assertThat(renamed.getSd().getCols()).extracting(FieldSchema::getName).containsExactly("id", "city", "agent");
            assertThat(renamed.getSd().getLocation()).endsWith("/visits_v2");
            assertThat(client.listPartitionNames("h3_plain", "visits_v2", (short) -1)).hasSize(4);
            Partition movedPartition = client.getPartition("h3_plain", "visits_v2", List.of("2024-05-01", "0"));
            assertThat(movedPartition.getSd().getLocation()).isEqualTo(renamed.getSd().getLocation() + "/ds=2024-05-01/hr=0");
            assertThat(Path.of(java.net.URI.create(movedPartition.getSd().getLocation()))).isDirectory();
            assertThatThrownBy(() -> client.getTable("h3_plain", "visits")).isInstanceOf(NoSuchObjectException.class);

            client.dropTable("h3_plain", "visits_v2", true, false);
            assertThat(Path.of(java.net.URI.create(renamed.getSd().getLocation()))).doesNotExist();
            assertThat(client.getAllTables("h3_plain")).isEmpty();
            client.dropDatabase("h3_plain");
        } finally {
            client.close();
        }
    }
}
