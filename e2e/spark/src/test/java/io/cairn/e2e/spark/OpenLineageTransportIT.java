package io.cairn.e2e.spark;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lineage checks every OpenLineage transport must pass: one Cairn and one Spark session per transport, the
 * scenario's job run once, then the exact column lineage and the output's identity with the catalog table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenLineageTransportIT {

    protected CairnUnderTest cairn;
    protected SparkSession spark;
    protected OpenLineageScenario scenario;

    /** Names the run in logs, the Cairn data directory and the Spark application. */
    abstract String transportName();

    /** The listener's {@code spark.openlineage.transport.*} settings, without the prefix. */
    abstract Map<String, String> transport(CairnUnderTest cairn);

    /** How long the events may take to turn into lineage. */
    abstract Duration lineageTimeout();

    @BeforeAll
    void start() throws Exception {
        cairn = CairnUnderTest.start("lineage-" + transportName());
        spark = SparkSessions.start("cairn_lineage_" + transportName(), cairn, OpenLineageScenario.listenerSettings(transport(cairn)));
        scenario = new OpenLineageScenario(spark, cairn.api());
        scenario.runJob();
    }

    @AfterAll
    void stop() throws IOException {
        SparkSessions.stop(spark);
        if (cairn != null) {
            cairn.close();
        }
    }

    @Test
    void columnLineageOfTheCtasHasTheExactEdgesAndTransformations() throws Exception {
        TreeSet<String> edges = scenario.awaitColumnLineage(lineageTimeout());
        System.out.println("spark.lineage." + transportName() + ": column lineage of " + OpenLineageScenario.OUTPUT + ":\n  "
                + String.join("\n  ", edges));
        OpenLineageScenario.assertColumnLineage(edges);
    }

    @Test
    void theOutputDatasetIsTheIcebergTableRegisteredThroughTheCatalog() throws Exception {
        scenario.awaitColumnLineage(lineageTimeout());
        System.out.println("spark.lineage." + transportName() + ": lineage graph " + scenario.datasetLineage(OpenLineageScenario.OUTPUT));
        scenario.assertOutputIsTheCatalogTable();
    }
}
