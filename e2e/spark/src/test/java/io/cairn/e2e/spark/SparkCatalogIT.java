package io.cairn.e2e.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's Spark list: Spark 3.5 with iceberg-spark-runtime 1.11.0 in local mode, Cairn (started from the built jar)
 * as its Iceberg REST catalog. Every test works in its own namespace and asserts what Spark reads back through
 * Cairn, not just that a statement ran.
 */
class SparkCatalogIT {

    private static CairnUnderTest cairn;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        cairn = CairnUnderTest.start("catalog");
        spark = SparkSessions.start("cairn-catalog-e2e", cairn, Map.of());
    }

    @AfterAll
    static void stop() throws IOException {
        SparkSessions.stop(spark);
        if (cairn != null) {
            cairn.close();
        }
    }

    @Test
    void namespacesNestedWithPropertiesAndOnlyEmptyOnesDrop() {
        sql("CREATE NAMESPACE cairn.ns_a");
        sql("CREATE NAMESPACE cairn.ns_a.inner_b");
        sql("CREATE NAMESPACE IF NOT EXISTS cairn.ns_a");
        assertThat(rows("SHOW NAMESPACES IN cairn")).contains("ns_a");
        assertThat(rows("SHOW NAMESPACES IN cairn.ns_a")).containsExactly("ns_a.inner_b");

        sql("ALTER NAMESPACE cairn.ns_a SET PROPERTIES ('owner_team' = 'sales', 'comment' = 'from spark')");
        assertThat(rows("DESCRIBE NAMESPACE EXTENDED cairn.ns_a")).anySatisfy(row ->
                assertThat(row).contains("owner_team").contains("sales"));

        sql("CREATE TABLE cairn.ns_a.inner_b.t (id int) USING iceberg");
        assertThatThrownBy(() -> sql("DROP NAMESPACE cairn.ns_a.inner_b"))
                .hasMessageContaining("inner_b");
        sql("DROP TABLE cairn.ns_a.inner_b.t");
        sql("DROP NAMESPACE cairn.ns_a.inner_b");
        assertThat(rows("SHOW NAMESPACES IN cairn.ns_a")).isEmpty();
        sql("DROP NAMESPACE cairn.ns_a");
        assertThat(rows("SHOW NAMESPACES IN cairn")).doesNotContain("ns_a");
    }

    @Test
    void partitionedTableTakesInsertsIntoTheRightPartitions() {
        sql("CREATE NAMESPACE cairn.parts");
        sql("""
                CREATE TABLE cairn.parts.events (id bigint, category string, ts timestamp, amount decimal(10,2))
                USING iceberg PARTITIONED BY (category, days(ts))""");
        sql("""
                INSERT INTO cairn.parts.events VALUES
                  (1, 'books', TIMESTAMP '2026-01-01 10:00:00', 10.50),
                  (2, 'books', TIMESTAMP '2026-01-02 11:00:00', 20.00),
                  (3, 'games', TIMESTAMP '2026-01-01 12:00:00', 5.25)""");
        sql("INSERT INTO cairn.parts.events VALUES (4, 'games', TIMESTAMP '2026-01-01 13:00:00', 4.75)");

        assertThat(rows("SELECT category, count(*), sum(amount) FROM cairn.parts.events GROUP BY category ORDER BY category"))
                .containsExactly("books|2|30.50", "games|2|10.00");
        assertThat(rows("SELECT partition.category, partition.ts_day, record_count FROM cairn.parts.events.partitions "
                + "ORDER BY partition.category, partition.ts_day"))
                .containsExactly("books|2026-01-01|1", "books|2026-01-02|1", "games|2026-01-01|2");
        assertThat(rows("SELECT count(*) FROM cairn.parts.events.snapshots")).containsExactly("2");
        assertThat(rows("SELECT id FROM cairn.parts.events WHERE category = 'games' AND ts < TIMESTAMP '2026-01-01 12:30:00'"))
                .containsExactly("3");
        assertThat(loadTable("cairn.parts.events").spec().fields()).extracting(field -> field.name())
                .containsExactly("category", "ts_day");
    }

    @Test
    void ctasWithJoinAndGroupBy() {
        createOrdersAndCustomers("sales");
        sql("""
                CREATE TABLE cairn.sales.revenue_by_country USING iceberg AS
                SELECT c.country, count(*) AS orders, sum(o.amount) AS revenue
                FROM cairn.sales.orders o JOIN cairn.sales.customers c ON o.customer_id = c.id
                GROUP BY c.country""");
        assertThat(rows("SELECT * FROM cairn.sales.revenue_by_country ORDER BY country"))
                .containsExactly("DE|2|40.00", "FR|1|5.00", "US|2|105.00");
        assertThat(rows("SHOW TABLES IN cairn.sales")).contains("sales|revenue_by_country|false");
        assertThat(loadTable("cairn.sales.revenue_by_country").currentSnapshot().summary())
                .containsEntry("added-records", "3");
    }

    @Test
    void updateDeleteAndMerge() {
        sql("CREATE NAMESPACE cairn.dml");
        sql("CREATE TABLE cairn.dml.stock (sku string, qty int, note string) USING iceberg");
        sql("INSERT INTO cairn.dml.stock VALUES ('a', 1, 'x'), ('b', 2, 'x'), ('c', 3, 'x'), ('d', 4, 'x')");

        sql("UPDATE cairn.dml.stock SET qty = qty * 10, note = 'updated' WHERE sku IN ('a', 'b')");
        assertThat(rows("SELECT * FROM cairn.dml.stock ORDER BY sku"))
                .containsExactly("a|10|updated", "b|20|updated", "c|3|x", "d|4|x");

        sql("DELETE FROM cairn.dml.stock WHERE qty = 3");
        assertThat(rows("SELECT sku FROM cairn.dml.stock ORDER BY sku")).containsExactly("a", "b", "d");

        sql("CREATE OR REPLACE TEMPORARY VIEW changes AS SELECT * FROM VALUES "
                + "('a', 0, 'gone'), ('b', 99, 'merged'), ('e', 5, 'new') AS t(sku, qty, note)");
        sql("""
                MERGE INTO cairn.dml.stock s USING changes c ON s.sku = c.sku
                WHEN MATCHED AND c.qty = 0 THEN DELETE
                WHEN MATCHED THEN UPDATE SET s.qty = c.qty, s.note = c.note
                WHEN NOT MATCHED THEN INSERT *""");
        assertThat(rows("SELECT * FROM cairn.dml.stock ORDER BY sku"))
                .containsExactly("b|99|merged", "d|4|x", "e|5|new");
        assertThat(rows("SELECT operation FROM cairn.dml.stock.snapshots ORDER BY committed_at"))
                .hasSize(4).first().isEqualTo("append");
    }

    @Test
    void alterTableAddRenameDropAndWidenColumns() {
        sql("CREATE NAMESPACE cairn.evolve");
        sql("CREATE TABLE cairn.evolve.t (id int, price float, legacy string) USING iceberg");
        sql("INSERT INTO cairn.evolve.t VALUES (1, 1.5, 'old')");

        sql("ALTER TABLE cairn.evolve.t ADD COLUMN region string COMMENT 'sales region'");
        sql("ALTER TABLE cairn.evolve.t RENAME COLUMN legacy TO label");
        sql("ALTER TABLE cairn.evolve.t ALTER COLUMN id TYPE bigint");
        sql("ALTER TABLE cairn.evolve.t ALTER COLUMN price TYPE double");
        sql("INSERT INTO cairn.evolve.t VALUES (3000000000, 2.25, 'new', 'eu')");
        sql("ALTER TABLE cairn.evolve.t DROP COLUMN label");

        StructType schema = spark.table("cairn.evolve.t").schema();
        assertThat(schema.fieldNames()).containsExactly("id", "price", "region");
        assertThat(schema.apply("id").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(schema.apply("price").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(schema.apply("region").getComment().get()).isEqualTo("sales region");
        assertThat(rows("SELECT * FROM cairn.evolve.t ORDER BY id"))
                .containsExactly("1|1.5|null", "3000000000|2.25|eu");
        // Field ids survive the rename and the widening: Iceberg schema evolution, kept by Cairn's commits.
        Table table = loadTable("cairn.evolve.t");
        assertThat(table.schema().findField("id").fieldId()).isEqualTo(1);
        assertThat(table.schema().findField("price").fieldId()).isEqualTo(2);
        assertThat(table.schemas()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void viewsAreCreatedReadAndDroppedThroughTheCatalog() {
        createOrdersAndCustomers("views");
        sql("""
                CREATE VIEW cairn.views.big_orders (order_id, customer, amount)
                COMMENT 'orders over 20' AS
                SELECT o.id, c.name, o.amount FROM cairn.views.orders o
                JOIN cairn.views.customers c ON o.customer_id = c.id WHERE o.amount > 20""");
        assertThat(rows("SHOW VIEWS IN cairn.views")).anySatisfy(row -> assertThat(row).contains("big_orders"));
        assertThat(rows("SELECT * FROM cairn.views.big_orders ORDER BY order_id"))
                .containsExactly("1|Ada|25.00", "3|Ada|80.00", "4|Grace|25.00");
        assertThat(new CairnApi(cairn.baseUri(), cairn.rootCredential())
                .get("/iceberg/v1/" + warehouse() + "/namespaces/views/views/big_orders").status()).isEqualTo(200);

        // The view follows the table: a new order shows up without redefining it.
        sql("INSERT INTO cairn.views.orders VALUES (10, 2, 30.00, 'PAID')");
        assertThat(rows("SELECT order_id FROM cairn.views.big_orders ORDER BY order_id")).containsExactly("1", "3", "4", "10");

        sql("DROP VIEW cairn.views.big_orders");
        assertThat(rows("SHOW VIEWS IN cairn.views")).noneSatisfy(row -> assertThat(row).contains("big_orders"));
    }

    @Test
    void timeTravelByVersionAndTimestampAndMetadataTables() throws Exception {
        sql("CREATE NAMESPACE cairn.travel");
        sql("CREATE TABLE cairn.travel.t (id int, v string) USING iceberg");
        sql("INSERT INTO cairn.travel.t VALUES (1, 'first')");
        Thread.sleep(20); // distinct commit timestamps, so TIMESTAMP AS OF has a single answer
        sql("INSERT INTO cairn.travel.t VALUES (2, 'second')");
        sql("DELETE FROM cairn.travel.t WHERE id = 1");

        List<Row> snapshots = spark.sql("SELECT snapshot_id, CAST(committed_at AS STRING), operation, parent_id "
                + "FROM cairn.travel.t.snapshots ORDER BY committed_at").collectAsList();
        assertThat(snapshots).hasSize(3);
        long first = snapshots.get(0).getLong(0);
        long second = snapshots.get(1).getLong(0);
        assertThat(snapshots.get(1).getLong(3)).isEqualTo(first);
        assertThat(snapshots.get(2).getLong(3)).isEqualTo(second);

        assertThat(rows("SELECT id FROM cairn.travel.t ORDER BY id")).containsExactly("2");
        assertThat(rows("SELECT id FROM cairn.travel.t VERSION AS OF " + first)).containsExactly("1");
        assertThat(rows("SELECT id FROM cairn.travel.t VERSION AS OF " + second + " ORDER BY id")).containsExactly("1", "2");
        assertThat(rows("SELECT id FROM cairn.travel.t TIMESTAMP AS OF '" + snapshots.get(0).getString(1) + "'"))
                .containsExactly("1");
        assertThat(rows("SELECT id FROM cairn.travel.t TIMESTAMP AS OF '" + snapshots.get(1).getString(1) + "' ORDER BY id"))
                .containsExactly("1", "2");

        assertThat(rows("SELECT snapshot_id, is_current_ancestor FROM cairn.travel.t.history ORDER BY made_current_at"))
                .containsExactly(first + "|true", second + "|true", snapshots.get(2).getLong(0) + "|true");
        // Two appends wrote one file each; the delete rewrote the first away.
        assertThat(rows("SELECT count(*), sum(record_count) FROM cairn.travel.t.files")).containsExactly("1|1");
        assertThat(rows("SELECT count(*) FROM cairn.travel.t VERSION AS OF " + second)).containsExactly("2");

        // A tag and a branch are refs that Cairn stores with the table.
        sql("ALTER TABLE cairn.travel.t CREATE TAG first_load AS OF VERSION " + first);
        assertThat(rows("SELECT id FROM cairn.travel.t VERSION AS OF 'first_load'")).containsExactly("1");
        assertThat(rows("SELECT name, type, snapshot_id FROM cairn.travel.t.refs ORDER BY name"))
                .containsExactly("first_load|TAG|" + first, "main|BRANCH|" + snapshots.get(2).getLong(0));
    }

    /**
     * The same table read through a second catalog whose client asks Cairn to plan its scans: merge-on-read deletes
     * make the plan carry delete files, so a plan that lost them would read deleted rows back.
     */
    @Test
    void serverSidePlanningReadsWhatTheEnginesOwnPlanningReads() {
        sql("CREATE NAMESPACE cairn.planned");
        sql("CREATE TABLE cairn.planned.events (id bigint, kind string) USING iceberg PARTITIONED BY (kind) "
                + "TBLPROPERTIES ('format-version' = '2', 'write.delete.mode' = 'merge-on-read')");
        sql("INSERT INTO cairn.planned.events VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'b'), (5, 'c')");
        sql("INSERT INTO cairn.planned.events VALUES (6, 'a'), (7, 'c')");
        sql("DELETE FROM cairn.planned.events WHERE id IN (2, 7)");
        assertThat(rows("SELECT count(*) FROM cairn.planned.events.delete_files")).as("merge-on-read wrote delete files")
                .doesNotContain("0");

        String planned = "cairn_planned";
        spark.conf().set("spark.sql.catalog." + planned, "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog." + planned + ".type", "rest");
        spark.conf().set("spark.sql.catalog." + planned + ".uri", cairn.icebergUri());
        spark.conf().set("spark.sql.catalog." + planned + ".credential", cairn.rootCredential());
        spark.conf().set("spark.sql.catalog." + planned + ".cache-enabled", "false");
        spark.conf().set("spark.sql.catalog." + planned + ".scan-planning-mode", "server");

        assertThat(rows("SELECT id FROM cairn_planned.planned.events WHERE kind = 'a' ORDER BY id")).containsExactly("1", "6");
        assertThat(rows("SELECT id, kind FROM cairn_planned.planned.events ORDER BY id"))
                .isEqualTo(rows("SELECT id, kind FROM cairn.planned.events ORDER BY id"))
                .containsExactly("1|a", "3|b", "4|b", "5|c", "6|a");
        assertThat(rows("SELECT kind, count(*) FROM cairn_planned.planned.events WHERE id > 2 GROUP BY kind ORDER BY kind"))
                .containsExactly("a|1", "b|2", "c|1");
    }

    @Test
    void renameMovesTheTableAndItsData() {
        sql("CREATE NAMESPACE cairn.ren");
        sql("CREATE NAMESPACE cairn.ren_target");
        sql("CREATE TABLE cairn.ren.before (id int) USING iceberg");
        sql("INSERT INTO cairn.ren.before VALUES (1), (2)");
        String uuid = loadTable("cairn.ren.before").uuid().toString();

        // Spark resolves the new name inside the same catalog, so it carries no catalog part.
        sql("ALTER TABLE cairn.ren.before RENAME TO ren.after");
        assertThat(rows("SHOW TABLES IN cairn.ren")).containsExactly("ren|after|false");
        assertThat(rows("SELECT sum(id) FROM cairn.ren.after")).containsExactly("3");
        assertThat(loadTable("cairn.ren.after").uuid().toString()).isEqualTo(uuid);
        assertThatThrownBy(() -> sql("SELECT * FROM cairn.ren.before")).hasMessageContaining("before");

        sql("ALTER TABLE cairn.ren.after RENAME TO ren_target.moved");
        assertThat(rows("SHOW TABLES IN cairn.ren")).isEmpty();
        assertThat(rows("SELECT count(*) FROM cairn.ren_target.moved")).containsExactly("2");
    }

    @Test
    void dropPurgeDeletesTheFilesAndPlainDropKeepsThem() throws Exception {
        sql("CREATE NAMESPACE cairn.purge");
        sql("CREATE TABLE cairn.purge.gone (id int) USING iceberg");
        sql("INSERT INTO cairn.purge.gone VALUES (1), (2)");
        sql("INSERT INTO cairn.purge.gone VALUES (3)");
        Path purged = localPath(loadTable("cairn.purge.gone").location());
        assertThat(filesUnder(purged)).anyMatch(file -> file.toString().endsWith(".parquet"))
                .anyMatch(file -> file.toString().endsWith(".metadata.json"));

        sql("CREATE TABLE cairn.purge.kept (id int) USING iceberg");
        sql("INSERT INTO cairn.purge.kept VALUES (1)");
        Path kept = localPath(loadTable("cairn.purge.kept").location());

        sql("DROP TABLE cairn.purge.gone PURGE");
        sql("DROP TABLE cairn.purge.kept");
        assertThat(rows("SHOW TABLES IN cairn.purge")).isEmpty();
        assertThat(filesUnder(purged)).as("files left after DROP ... PURGE").isEmpty();
        assertThat(filesUnder(kept)).as("a plain DROP keeps the data").anyMatch(file -> file.toString().endsWith(".parquet"));
    }

    @Test
    void namesThatNeedQuoting() {
        // SHOW TABLES prints a namespace that needs quoting with its backticks (Spark's formatting).
        sql("CREATE NAMESPACE cairn.`sales-eu`");
        sql("CREATE TABLE cairn.`sales-eu`.`order-items#1` (`line no` int, `unit-price` double) USING iceberg");
        sql("INSERT INTO cairn.`sales-eu`.`order-items#1` VALUES (1, 9.5), (2, 0.5)");
        assertThat(rows("SHOW TABLES IN cairn.`sales-eu`")).containsExactly("`sales-eu`|order-items#1|false");
        assertThat(rows("SELECT sum(`unit-price`) FROM cairn.`sales-eu`.`order-items#1`")).containsExactly("10.0");
        sql("ALTER TABLE cairn.`sales-eu`.`order-items#1` RENAME TO `sales-eu`.`order-items(2026)`");
        assertThat(rows("SELECT max(`line no`) FROM cairn.`sales-eu`.`order-items(2026)`")).containsExactly("2");
        assertThat(rows("SHOW TABLES IN cairn.`sales-eu`")).containsExactly("`sales-eu`|order-items(2026)|false");
    }

    /**
     * Iceberg's client form-encodes path segments ({@code RESTUtil.encodeString} is {@code URLEncoder}: a space is
     * {@code +}); the servlet container decodes only {@code %XX}, so Cairn must read a raw {@code +} as a space
     * (catalog-rest {@code FormEncodedPathSegments}).
     */
    @Test
    void tableNameWithASpace() {
        sql("CREATE NAMESPACE cairn.`sales us`");
        sql("CREATE TABLE cairn.`sales us`.`order items` (id int) USING iceberg");
        sql("INSERT INTO cairn.`sales us`.`order items` VALUES (1), (2)");
        assertThat(rows("SELECT count(*) FROM cairn.`sales us`.`order items`")).containsExactly("2");
        assertThat(rows("SHOW TABLES IN cairn.`sales us`")).containsExactly("`sales us`|order items|false");
    }

    // ---- helpers ----

    static void createOrdersAndCustomers(String namespace) {
        sql("CREATE NAMESPACE cairn." + namespace);
        sql("CREATE TABLE cairn." + namespace + ".customers (id int, name string, country string) USING iceberg");
        sql("INSERT INTO cairn." + namespace + ".customers VALUES (1, 'Ada', 'US'), (2, 'Grace', 'DE'), (3, 'Alan', 'FR')");
        sql("CREATE TABLE cairn." + namespace + ".orders (id int, customer_id int, amount decimal(10,2), status string) USING iceberg");
        sql("INSERT INTO cairn." + namespace + ".orders VALUES (1, 1, 25.00, 'PAID'), (2, 2, 15.00, 'PAID'), "
                + "(3, 1, 80.00, 'PAID'), (4, 2, 25.00, 'PAID'), (5, 3, 5.00, 'CANCELLED')");
    }

    private static String warehouse() {
        return cairn.api().get("/iceberg/v1/config").json().at("/overrides/prefix").asText();
    }

    private static Table loadTable(String name) {
        try {
            return Spark3Util.loadIcebergTable(spark, name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path localPath(String location) {
        return location.startsWith("/") ? Path.of(location) : Path.of(URI.create(location));
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void sql(String statement) {
        spark.sql(statement).collectAsList();
    }

    /** Rows as {@code a|b|c} strings: readable failures, exact comparisons. */
    private static List<String> rows(String query) {
        return spark.sql(query).collectAsList().stream().map(row -> row.mkString("|")).toList();
    }
}
