package io.cairn.e2e.sparkhive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark 3.5 with {@code enableHiveSupport()} and its built-in Hive 2.3 metastore client against Cairn's Hive Metastore
 * Thrift API, started from the jar with {@code CAIRN_HMS_AUTH=none} (Spark's Hive client can do Kerberos or nothing)
 * acting as a writer: a Hive-format Parquet table with partitions, written and read by Spark, checked through
 * Hive's own metastore client.
 */
class SparkHiveMetastoreIT {

    private static CairnProcess cairn;
    private static Path jar;
    private static Path work;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("cairn-e2e-spark-hive-");
        jar = CairnJar.privateCopy(work.resolve("jar"));
        cairn = CairnProcess.start(jar, work.resolve("data"), CairnPorts.free(), Map.of(
                        "CAIRN_ROOT_CREDENTIAL", "root:e2e-root-secret",
                        "CAIRN_HMS_AUTH", "none",
                        "CAIRN_HMS_UNAUTHENTICATED_ROLE", "writer"),
                List.of("-Xmx1g"), work.resolve("cairn.log"));
        // The shared build machine can take minutes to start the embedded backends.
        cairn.awaitHealthy(Duration.ofMinutes(15));
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("cairn-spark-hive")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.warehouse.dir", work.resolve("spark-warehouse").toUri().toString())
                .config("spark.hadoop.hive.metastore.uris", thriftUri())
                .config("spark.hadoop.hive.metastore.client.socket.timeout", "300s")
                .config("spark.hadoop.hive.exec.dynamic.partition.mode", "nonstrict")
                .config("spark.sql.hive.metastorePartitionPruning", "true")
                .enableHiveSupport()
                .getOrCreate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
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

    private static HiveMetaStoreClient hive() throws Exception {
        HiveConf conf = new HiveConf();
        conf.set("hive.metastore.uris", thriftUri());
        conf.set("hive.metastore.client.socket.timeout", "300s");
        return new HiveMetaStoreClient(conf);
    }

    private static List<Row> sql(String statement) {
        return spark.sql(statement).collectAsList();
    }

    @Test
    void sparkKeepsPartitionedParquetTablesInCairnsMetastore() throws Exception {
        sql("CREATE DATABASE shop COMMENT 'the shop'");
        assertThat(sql("SHOW DATABASES").stream().map(row -> row.getString(0)).toList()).contains("shop");
        sql("CREATE TABLE shop.sales (id BIGINT, city STRING, amount DOUBLE) PARTITIONED BY (ds STRING) STORED AS PARQUET");

        sql("INSERT INTO shop.sales PARTITION (ds = '2024-01-01') VALUES (1, 'Oslo', 10.5), (2, 'Bergen', 20.0)");
        sql("INSERT INTO shop.sales PARTITION (ds) VALUES (3, 'Oslo', 5.0, '2024-01-02'), (4, 'Tromso', 7.5, '2024-01-03')");

        assertThat(sql("SHOW PARTITIONS shop.sales").stream().map(row -> row.getString(0)).toList())
                .containsExactly("ds=2024-01-01", "ds=2024-01-02", "ds=2024-01-03");
        Row totals = sql("SELECT count(*), sum(amount) FROM shop.sales").get(0);
        assertThat(totals.getLong(0)).isEqualTo(4L);
        assertThat(totals.getDouble(1)).isEqualTo(43.0);
        // Pruned through get_partitions_by_filter.
        assertThat(sql("SELECT id FROM shop.sales WHERE ds = '2024-01-01' ORDER BY id").stream().map(row -> row.getLong(0)).toList())
                .containsExactly(1L, 2L);
        assertThat(sql("SELECT id FROM shop.sales WHERE ds > '2024-01-01' AND city = 'Oslo'").stream().map(row -> row.getLong(0))
                .toList()).containsExactly(3L);

        // What Spark stored is a plain Hive table with partitions in Cairn, seen by Hive's own client.
        HiveMetaStoreClient client = hive();
        try {
            Table table = client.getTable("shop", "sales");
            assertThat(table.getTableType()).isEqualTo("MANAGED_TABLE");
            assertThat(table.getSd().getSerdeInfo().getSerializationLib()).contains("Parquet");
            assertThat(table.getPartitionKeys()).extracting(key -> key.getName()).containsExactly("ds");
            Partition first = client.getPartition("shop", "sales", List.of("2024-01-01"));
            assertThat(Path.of(URI.create(first.getSd().getLocation()))).isDirectory();
            assertThat(Files.list(Path.of(URI.create(first.getSd().getLocation())))
                    .anyMatch(file -> file.getFileName().toString().startsWith("part-"))).isTrue();
        } finally {
            client.close();
        }

        // Partition DDL.
        sql("ALTER TABLE shop.sales ADD PARTITION (ds = '2024-02-01')");
        sql("ALTER TABLE shop.sales DROP PARTITION (ds = '2024-01-03')");
        assertThat(sql("SHOW PARTITIONS shop.sales").stream().map(row -> row.getString(0)).toList())
                .containsExactly("ds=2024-01-01", "ds=2024-01-02", "ds=2024-02-01");
        assertThat(sql("SELECT count(*) FROM shop.sales").get(0).getLong(0)).isEqualTo(3L);

        // Statistics: Spark keeps them in the table's and partitions' parameters, which Cairn stores.
        sql("ANALYZE TABLE shop.sales COMPUTE STATISTICS FOR COLUMNS id, amount");
        List<Row> described = sql("DESCRIBE FORMATTED shop.sales amount");
        assertThat(described).anySatisfy(row -> {
            assertThat(row.getString(0)).isEqualTo("max");
            assertThat(row.getString(1)).isEqualTo("20.0");
        });
        sql("ANALYZE TABLE shop.sales PARTITION (ds) COMPUTE STATISTICS");
        HiveMetaStoreClient after = hive();
        try {
            assertThat(after.getTable("shop", "sales").getParameters()).containsKey("spark.sql.statistics.colStats.amount.max");
            assertThat(after.getPartition("shop", "sales", List.of("2024-01-01")).getParameters())
                    .containsEntry("spark.sql.statistics.numRows", "2");
        } finally {
            after.close();
        }

        // Rename and drop.
        sql("ALTER TABLE shop.sales RENAME TO shop.sales_v2");
        assertThat(sql("SELECT count(*) FROM shop.sales_v2").get(0).getLong(0)).isEqualTo(3L);
        assertThatThrownBy(() -> sql("SELECT * FROM shop.sales")).hasMessageContaining("sales");
        sql("DROP TABLE shop.sales_v2");
        assertThat(sql("SHOW TABLES IN shop")).isEmpty();
        sql("DROP DATABASE shop");
    }
}
