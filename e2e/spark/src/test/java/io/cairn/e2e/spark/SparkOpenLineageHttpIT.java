package io.cairn.e2e.spark;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: Spark with {@code openlineage-spark} reporting to Cairn over HTTP (gzip bodies, {@code api_key} auth with a
 * static {@code <client>:<secret>} key) while it writes Iceberg tables through Cairn's REST catalog.
 */
class SparkOpenLineageHttpIT {

    private static CairnUnderTest cairn;
    private static SparkSession spark;
    private static OpenLineageScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        cairn = CairnUnderTest.start("lineage-http");
        Map<String, String> transport = new LinkedHashMap<>();
        transport.put("type", "http");
        transport.put("url", cairn.baseUri());
        transport.put("endpoint", "/api/v1/lineage");
        transport.put("compression", "gzip");
        transport.put("auth.type", "api_key");
        transport.put("auth.apiKey", cairn.rootCredential());
        transport.put("timeoutInMillis", "30000");
        spark = SparkSessions.start("cairn_lineage_http", cairn, OpenLineageScenario.listenerSettings(transport));
        scenario = new OpenLineageScenario(spark, cairn.api());
        scenario.runJob();
    }

    @AfterAll
    static void stop() throws IOException {
        SparkSessions.stop(spark);
        if (cairn != null) {
            cairn.close();
        }
    }

    @Test
    void columnLineageOfTheCtasHasTheExactEdgesAndTransformations() throws Exception {
        TreeSet<String> edges = scenario.awaitColumnLineage(Duration.ofSeconds(90));
        System.out.println("spark.lineage.http: column lineage of " + OpenLineageScenario.OUTPUT + ":\n  " + String.join("\n  ", edges));
        OpenLineageScenario.assertColumnLineage(edges);
    }

    @Test
    void theOutputDatasetIsTheIcebergTableRegisteredThroughTheCatalog() throws Exception {
        scenario.awaitColumnLineage(Duration.ofSeconds(90));
        System.out.println("spark.lineage.http: lineage graph " + scenario.datasetLineage(OpenLineageScenario.OUTPUT));
        scenario.assertOutputIsTheCatalogTable();
    }
}
