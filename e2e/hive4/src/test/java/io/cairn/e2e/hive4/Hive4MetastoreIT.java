package io.cairn.e2e.hive4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.net.URI;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.AggrStats;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hive 4.0.1's metastore client, authenticating with SASL PLAIN as a Cairn client (the default
 * {@code CAIRN_HMS_AUTH=sasl-plain}), against Cairn started from the jar; tables created through Iceberg REST (plain
 * HTTP here, to keep this class path Hive's own) are read through the metastore.
 */
class Hive4MetastoreIT {

    private static final String ROOT_ID = "root";
    private static final String ROOT_SECRET = "e2e-root-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CairnProcess cairn;
    private static Path jar;
    private static String rootToken;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("cairn-e2e-hive4-");
        jar = CairnJar.privateCopy(work.resolve("jar"));
        cairn = CairnProcess.start(jar, work.resolve("data"), CairnPorts.free(),
                Map.of("CAIRN_ROOT_CREDENTIAL", ROOT_ID + ":" + ROOT_SECRET), List.of("-Xmx1g"), work.resolve("cairn.log"));
        // The shared build machine can take minutes to start the embedded backends.
        cairn.awaitHealthy(Duration.ofMinutes(15));
        rootToken = token(ROOT_ID, ROOT_SECRET);
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

    private static Configuration conf(String clientId, String secret) {
        Configuration conf = new Configuration();
        conf.set("metastore.thrift.uris", "thrift://127.0.0.1:" + cairn.ports().hms());
        conf.set("metastore.client.auth.mode", "PLAIN");
        conf.set("metastore.client.plain.username", clientId);
        // Hive reads the password with Configuration.getPassword(user): a credential provider, else this entry.
        conf.set(clientId, secret);
        conf.set("metastore.client.socket.timeout", "120s");
        conf.set("metastore.connect.retries", "1");
        return conf;
    }

    private static String token(String id, String secret) throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(cairn.baseUri().resolve("/api/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        return field(reply.body(), "access_token");
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(cairn.baseUri().resolve(path))
                .header("Authorization", "Bearer " + rootToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    @Test
    void hive4ClientManagesDatabasesAndReadsIcebergRestTables() throws Exception {
        HiveMetaStoreClient client = new HiveMetaStoreClient(conf(ROOT_ID, ROOT_SECRET));
        try {
            client.createDatabase(new Database("h4_sales", "the shop", null, new HashMap<>(Map.of("team", "sales"))));
            Database read = client.getDatabase("h4_sales");
            assertThat(read.getDescription()).isEqualTo("the shop");
            assertThat(read.getParameters()).containsEntry("team", "sales");
            assertThat(read.getCatalogName()).isEqualTo("hive");
            assertThat(Path.of(URI.create(read.getLocationUri()))).isDirectory();
            assertThat(client.getAllDatabases()).contains("h4_sales");
            assertThat(client.getDatabases("h4_*")).containsExactly("h4_sales");
            read.getParameters().put("team", "finance");
            client.alterDatabase("h4_sales", read);
            assertThat(client.getDatabase("h4_sales").getParameters()).containsEntry("team", "finance");
            assertThatThrownBy(() -> client.getDatabase("h4_missing")).isInstanceOf(NoSuchObjectException.class);

            // An Iceberg table created through REST is an external ICEBERG table through the metastore.
            assertThat(post("/iceberg/v1/default/namespaces", "{\"namespace\":[\"h4_sales\"]}").statusCode()).isEqualTo(409);
            HttpResponse<String> created = post("/iceberg/v1/default/namespaces/h4_sales/tables", """
                    {"name": "orders", "schema": {"type": "struct", "schema-id": 0, "fields": [
                      {"id": 1, "name": "id", "required": true, "type": "long"},
                      {"id": 2, "name": "placed", "required": false, "type": "timestamptz"},
                      {"id": 3, "name": "tags", "required": false, "type": {"type": "list", "element-id": 4,
                                                                            "element": "string", "element-required": false}}]}}
                    """);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            Table table = client.getTable("h4_sales", "orders");
            assertThat(table.getTableType()).isEqualTo("EXTERNAL_TABLE");
            assertThat(table.getParameters()).containsEntry("table_type", "ICEBERG")
                    .containsEntry("metadata_location", field(created.body(), "metadata-location"));
            assertThat(table.getSd().getCols()).extracting(col -> col.getName() + ":" + col.getType())
                    .containsExactly("id:bigint", "placed:timestamp", "tags:array<string>");
            assertThat(client.getAllTables("h4_sales")).containsExactly("orders");
            assertThat(client.getTables("h4_sales", "ord*")).containsExactly("orders");
            assertThat(client.getTableObjectsByName("h4_sales", List.of("orders", "missing")))
                    .extracting(Table::getTableName).containsExactly("orders");
            assertThatThrownBy(() -> client.getTable("h4_sales", "missing")).isInstanceOf(NoSuchObjectException.class);

            // Locks through the Hive 4 client.
            LockComponent component = new LockComponent(LockType.EXCLUSIVE, LockLevel.TABLE, "h4_sales");
            component.setTablename("orders");
            LockRequest request = new LockRequest(List.of(component), "hive4-e2e", "localhost");
            LockResponse lock = client.lock(request);
            assertThat(lock.getState()).isEqualTo(LockState.ACQUIRED);
            assertThat(client.lock(request).getState()).isEqualTo(LockState.WAITING);
            ShowLocksRequest show = new ShowLocksRequest();
            show.setDbname("h4_sales");
            assertThat(client.showLocks(show).getLocks()).hasSize(2);
            client.unlock(lock.getLockid());

            client.dropTable("h4_sales", "orders", false, false);
            assertThat(client.getAllTables("h4_sales")).isEmpty();
            client.dropDatabase("h4_sales");
            assertThat(client.getAllDatabases()).doesNotContain("h4_sales");
        } finally {
            client.close();
        }
    }

    @Test
    void hive4ClientManagesPlainPartitionedTablesAndTheirStatistics() throws Exception {
        HiveMetaStoreClient client = new HiveMetaStoreClient(conf(ROOT_ID, ROOT_SECRET));
        try {
            client.createDatabase(new Database("h4_plain", null, null, new HashMap<>()));
            StorageDescriptor sd = new StorageDescriptor();
            sd.setCols(new ArrayList<>(List.of(new FieldSchema("id", "bigint", null), new FieldSchema("city", "string", null))));
            sd.setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
            sd.setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
            sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", new HashMap<>()));
            client.createTable(new Table("visits", "h4_plain", "hive", 0, 0, 0, sd,
                    new ArrayList<>(List.of(new FieldSchema("ds", "string", null), new FieldSchema("hr", "int", null))),
                    new HashMap<>(), null, null, "MANAGED_TABLE"));
            Table table = client.getTable("h4_plain", "visits");
            assertThat(table.getTableType()).isEqualTo("MANAGED_TABLE");
            assertThat(Path.of(URI.create(table.getSd().getLocation()))).isDirectory();

            List<Partition> added = client.add_partitions(mutable(partition(table, "2024-08-01", "0"),
                    partition(table, "2024-08-01", "1"), partition(table, "2024-08-02", "0")), false, true);
            assertThat(added).hasSize(3);
            assertThat(Path.of(URI.create(added.get(0).getSd().getLocation()))).isDirectory();
            assertThat(client.listPartitionNames("h4_plain", "visits", (short) -1))
                    .containsExactly("ds=2024-08-01/hr=0", "ds=2024-08-01/hr=1", "ds=2024-08-02/hr=0");
            assertThat(client.listPartitions("h4_plain", "visits", (short) -1)).hasSize(3);
            assertThat(client.listPartitionsByFilter("h4_plain", "visits", "ds = \"2024-08-01\" and hr > 0", (short) -1))
                    .extracting(Partition::getValues).containsExactly(List.of("2024-08-01", "1"));
            assertThat(client.getPartitionsByNames("h4_plain", "visits", mutable("ds=2024-08-02/hr=0")))
                    .extracting(Partition::getValues).containsExactly(List.of("2024-08-02", "0"));
            List<Partition> byExpression = new ArrayList<>();
            assertThat(client.listPartitionsByExpr("h4_plain", "visits", new byte[] {1, 2, 3}, null, (short) -1, byExpression))
                    .as("an expression Cairn cannot evaluate comes back flagged for Hive to prune").isTrue();
            assertThat(byExpression).hasSize(3);

            // Column statistics: table, partitions, and the partitions' aggregate.
            ColumnStatistics tableStats = new ColumnStatistics(new ColumnStatisticsDesc(true, "h4_plain", "visits"), mutable(
                    longStats("id", 1, 100, 0, 90), new ColumnStatisticsObj("city", "string",
                            ColumnStatisticsData.stringStats(new StringColumnStatsData(12, 6.5, 3, 40)))));
            tableStats.setEngine("hive");
            assertThat(client.updateTableColumnStatistics(tableStats)).isTrue();
            assertThat(client.getTableColumnStatistics("h4_plain", "visits", mutable("id", "city"), "hive"))
                    .extracting(ColumnStatisticsObj::getColName).containsExactly("id", "city");
            for (String[] part : new String[][] {{"ds=2024-08-01/hr=0", "5", "50"}, {"ds=2024-08-01/hr=1", "-2", "20"}}) {
                ColumnStatisticsDesc desc = new ColumnStatisticsDesc(false, "h4_plain", "visits");
                desc.setPartName(part[0]);
                ColumnStatistics partStats = new ColumnStatistics(desc, mutable(longStats("id", Long.parseLong(part[1]),
                        Long.parseLong(part[2]), 1, 10)));
                partStats.setEngine("hive");
                assertThat(client.updatePartitionColumnStatistics(partStats)).isTrue();
            }
            AggrStats aggregate = client.getAggrColStatsFor("h4_plain", "visits", mutable("id"),
                    mutable("ds=2024-08-01/hr=0", "ds=2024-08-01/hr=1", "ds=2024-08-02/hr=0"), "hive");
            assertThat(aggregate.getPartsFound()).isEqualTo(2);
            LongColumnStatsData ids = aggregate.getColStats().get(0).getStatsData().getLongStats();
            assertThat(ids.getLowValue()).isEqualTo(-2);
            assertThat(ids.getHighValue()).isEqualTo(50);
            assertThat(ids.getNumNulls()).isEqualTo(2);

            // Dropping a column drops its statistics; the other column keeps its own.
            Table changed = client.getTable("h4_plain", "visits");
            changed.getSd().getCols().removeIf(column -> column.getName().equals("id"));
            client.alter_table("h4_plain", "visits", changed);
            assertThat(client.getTableColumnStatistics("h4_plain", "visits", mutable("id", "city"), "hive"))
                    .extracting(ColumnStatisticsObj::getColName).containsExactly("city");
            assertThat(client.getPartitionColumnStatistics("h4_plain", "visits", mutable("ds=2024-08-01/hr=0"), mutable("id"), "hive"))
                    .isEmpty();

            assertThat(client.dropPartition("h4_plain", "visits", mutable("2024-08-02", "0"), true)).isTrue();
            assertThat(Path.of(URI.create(added.get(2).getSd().getLocation()))).doesNotExist();
            assertThat(client.listPartitionNames("h4_plain", "visits", (short) -1)).hasSize(2);
            client.dropTable("h4_plain", "visits", true, false);
            assertThat(Path.of(URI.create(table.getSd().getLocation()))).doesNotExist();
            client.dropDatabase("h4_plain");
        } finally {
            client.close();
        }
    }

    /** Hive 4's client asks lists it is given whether they contain null, which immutable lists refuse. */
    @SafeVarargs
    private static <T> List<T> mutable(T... items) {
        return new ArrayList<>(List.of(items));
    }

    private static Partition partition(Table table, String ds, String hr) {
        StorageDescriptor sd = table.getSd().deepCopy();
        sd.setLocation(table.getSd().getLocation() + "/ds=" + ds + "/hr=" + hr);
        return new Partition(new ArrayList<>(List.of(ds, hr)), table.getDbName(), table.getTableName(), 0, 0, sd, new HashMap<>());
    }

    private static ColumnStatisticsObj longStats(String column, long low, long high, long nulls, long distinct) {
        LongColumnStatsData data = new LongColumnStatsData(nulls, distinct);
        data.setLowValue(low);
        data.setHighValue(high);
        return new ColumnStatisticsObj(column, "bigint", ColumnStatisticsData.longStats(data));
    }

    @Test
    void plainAuthenticationRefusesWrongSecretsAndReadersCannotWrite() throws Exception {
        assertThatThrownBy(() -> new HiveMetaStoreClient(conf(ROOT_ID, "wrong-secret"))).isInstanceOf(MetaException.class);
        HttpResponse<String> reader = post("/api/v1/admin/clients", "{\"clientId\":\"hive4-reader\",\"role\":\"reader\"}");
        assertThat(reader.statusCode()).as(reader.body()).isEqualTo(201);
        HiveMetaStoreClient client = new HiveMetaStoreClient(conf("hive4-reader", field(reader.body(), "clientSecret")));
        try {
            assertThat(client.getAllDatabases()).isNotNull();
            assertThatThrownBy(() -> client.createDatabase(new Database("h4_denied", null, null, new HashMap<>())))
                    .isInstanceOf(MetaException.class).hasMessageContaining("reader");
        } finally {
            client.close();
        }
    }
}
