package io.cairn.lineage.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.Corpus;
import io.cairn.lineage.LineageFixture;
import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.governance.AssertionKind;
import io.cairn.metadata.governance.QualityLedger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality facets of real corpus events become governance quality in the lineage batch's own unit of work (real Neo4j). */
class OpenLineageQualityTest {

    static final Actor WRITER = Actor.client("pipeline", Role.WRITER);
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;
    static LineageFixture fixture;
    static LineageGraphWriter writer;

    @BeforeAll
    static void start() {
        fixture = LineageFixture.start(dir);
        writer = new LineageGraphWriter(fixture.store(), fixture.aliases(), true, new OpenLineageQuality(MAPPER, new QualityLedger(MAPPER)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void wipe() {
        fixture.wipe();
    }

    @Test
    void dbtTestResultsBecomeRunsHealthAndAssertionsAndAReplayChangesNothing() throws Exception {
        List<LineageEvent> batch = fixture.bodies().batch(Corpus.read(Corpus.ROOT.resolve("_concretized/dbt/test__result.json")));
        writer.write(WRITER, batch);

        assertThat(count("MATCH (q:QualityRunRecord) RETURN count(q)")).isEqualTo(5);
        assertThat(count("MATCH (:Dataset)-[:HAS_QUALITY_RUN]->(q:QualityRunRecord) WHERE q.failures > 0 RETURN count(q)")).isEqualTo(2);
        JsonNode results = aspect("test_first_dbt_model", "qualityResults");
        assertThat(results.get("runId").asText()).isEqualTo("c11f2efd-4415-45fc-8081-10d2aaa594d2");
        assertThat(results.get("results")).hasSize(5);
        JsonNode assertions = aspect("test_first_dbt_model", "qualityAssertions");
        assertThat(assertions.get("assertions").findValuesAsText("kind")).contains(AssertionKind.RANGE.name(), AssertionKind.NOT_NULL.name());
        assertThat(aspect("test_third_dbt_model", "qualityResults").get("results").findValuesAsText("success")).containsOnly("true");

        long changes = count("MATCH (c:ChangeEvent) RETURN count(c)");
        long versions = count("MATCH (a:Aspect) RETURN count(a)");
        writer.write(WRITER, batch);
        writer.write(WRITER, fixture.bodies().batch(Corpus.read(Corpus.ROOT.resolve("_concretized/dbt/test__result.json"))));
        assertThat(count("MATCH (c:ChangeEvent) RETURN count(c)")).isEqualTo(changes);
        assertThat(count("MATCH (a:Aspect) RETURN count(a)")).isEqualTo(versions);
        assertThat(count("MATCH (q:QualityRunRecord) RETURN count(q)")).isEqualTo(5);
    }

    @Test
    void metricsAndASuccessfulWriteGiveAProfileAndFreshnessWithAChangeEvent() throws Exception {
        writer.write(WRITER, List.of(fixture.bodies().single(Corpus.read(Corpus.ROOT.resolve("marquez/api-test-events/event_full.json")))));
        JsonNode metrics = aspect("table", "qualityMetrics");
        assertThat(metrics.get("metrics").findValuesAsText("name")).contains("rowCount", "bytes");
        assertThat(count("MATCH (d:Dataset) WHERE d.lastSuccessfulWriteAt = 1609185061641 RETURN count(d)")).isEqualTo(1);
        assertThat(count("MATCH (c:ChangeEvent {aspect: 'freshness'}) RETURN count(c)")).isEqualTo(1);
        writer.write(WRITER, List.of(fixture.bodies().single(Corpus.read(Corpus.ROOT.resolve("marquez/api-test-events/event_full.json")))));
        assertThat(count("MATCH (c:ChangeEvent {aspect: 'freshness'}) RETURN count(c)")).isEqualTo(1);
    }

    private JsonNode aspect(String datasetNameEnd, String aspect) throws Exception {
        String json = fixture.store().read(tx -> tx.run("""
                MATCH (d:Dataset)-[:HAS_ASPECT]->(a:Aspect {name: $aspect, latest: true}) WHERE d.olName ENDS WITH $name
                RETURN a.value AS value
                """, Map.of("aspect", aspect, "name", datasetNameEnd)).single().get("value").asString());
        return MAPPER.readTree(json);
    }

    private static long count(String cypher) {
        return fixture.store().read(tx -> tx.run(cypher).single().get(0).asLong());
    }
}
