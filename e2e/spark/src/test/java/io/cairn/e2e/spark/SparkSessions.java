package io.cairn.e2e.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Spark in local mode with Cairn as the Iceberg REST catalog {@code cairn}, configured as the Iceberg docs say. */
final class SparkSessions {

    static final String CATALOG = "cairn";

    private SparkSessions() {
    }

    static SparkSession start(String appName, CairnUnderTest cairn, Map<String, String> extra) {
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                // Spark's built-in session catalog is unused; keep its directory out of the source tree.
                .config("spark.sql.warehouse.dir", cairn.clientDir().resolve("spark-warehouse").toString())
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog." + CATALOG + ".type", "rest")
                .config("spark.sql.catalog." + CATALOG + ".uri", cairn.icebergUri())
                .config("spark.sql.catalog." + CATALOG + ".credential", cairn.rootCredential())
                // Reads always see the catalog's current state, so each assertion checks what Cairn holds.
                .config("spark.sql.catalog." + CATALOG + ".cache-enabled", "false");
        extra.forEach(builder::config);
        return builder.getOrCreate();
    }

    static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }
}
