package io.cairn.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.parse.InvalidEventException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every event file of the shared corpus goes into a real Neo4j; graph facts from the column-lineage fixtures hold. */
class CorpusIngestTest {

    static final Actor WRITER = Actor.client("pipeline", Role.WRITER);

    @TempDir
    static Path dir;
    static LineageFixture fixture;

    @BeforeAll
    static void start() {
        fixture = LineageFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void wipe() {
        fixture.wipe();
    }

    static List<List<LineageEvent>> parseCorpus() {
        List<List<LineageEvent>> batches = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path file : Corpus.eventFiles()) {
            if (Corpus.deliberatelyInvalid(file)) {
                continue;
            }
            try {
                batches.add(fixture.bodies().batch(Corpus.read(file)));
            } catch (InvalidEventException e) {
                refused.add(Corpus.ROOT.relativize(file) + " was refused: " + e.getMessage());
            }
        }
        assertThat(refused).isEmpty();
        return batches;
    }

    @Test
    void everyCorpusFileIngests() {
        List<List<LineageEvent>> batches = parseCorpus();
        assertThat(batches).hasSizeGreaterThan(250);
        int events = 0;
        for (List<LineageEvent> batch : batches) {
            events += fixture.writer().write(WRITER, batch).events();
        }
        assertThat(events).isGreaterThan(700);
        assertThat(count("MATCH (:Column)-[f:FEEDS]->(:Column) RETURN count(f)")).isGreaterThan(100);
    }

    @Test
    void deliberatelyInvalidFluentdEventsAreRefusedWithPointers() {
        Path fluentd = Corpus.ROOT.resolve("other/fluentd-proxy");
        assertProblem(fluentd.resolve("event_no_run_id.json"), "/run/runId");
        assertProblem(fluentd.resolve("event_invalid_run_facet.json"), "/run/facets/parent/run/runId");
        assertProblem(fluentd.resolve("event_invalid_job_facet.json"), "/job/facets/ownership/owners/0/name");
        assertProblem(fluentd.resolve("event_invalid_dataset_facet.json"), "/outputs/0/facets/ownership/owners/0/name");
        assertProblem(fluentd.resolve("event_invalid_input_dataset_facet.json"), "/inputs/0/inputFacets/dataQualityMetrics/columnMetrics");
        assertProblem(fluentd.resolve("event_invalid_output_dataset_facet.json"), "/outputs/0/outputFacets/outputStatistics/rowCount");
        assertThat(fixture.bodies().single(Corpus.read(fluentd.resolve("event_full.json"))).job().name()).isEqualTo("myjob.mytask");
    }

    private static void assertProblem(Path file, String pointer) {
        assertThatThrownBy(() -> fixture.bodies().single(Corpus.read(file)))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((InvalidEventException) e).problems()).extracting(p -> p.pointer()).contains(pointer));
    }

    @Test
    void hiveColumnLineageBecomesColumnEdgesWithTransformations() {
        ingest("_concretized/hive/cllSimpleQueryIndirectStart.json", "_concretized/hive/cllSimpleQueryIndirectComplete.json");
        List<String> edges = strings("""
                MATCH (sd:Dataset)-[:HAS_COLUMN]->(s:Column)-[f:FEEDS]->(t:Column)<-[:HAS_COLUMN]-(td:Dataset)
                RETURN sd.olName + '.' + s.fieldPath + ' -> ' + td.olName + '.' + t.fieldPath + ' ' + f.type + '/' + f.subtype AS edge
                """);
        assertThat(edges).contains("test.t1.a -> test.xxx.a DIRECT/IDENTITY");
        List<String> dataset = strings("""
                MATCH (sd:Dataset)-[:HAS_COLUMN]->(s:Column)-[f:FEEDS_DATASET]->(td:Dataset)
                RETURN sd.olName + '.' + s.fieldPath + ' -> ' + td.olName + ' ' + f.type + '/' + f.subtype AS edge
                """);
        assertThat(dataset).containsExactly("test.t1.b -> test.xxx INDIRECT/FILTER");
        // The hive:// namespace is also a Hive table name, so the catalog can find the dataset by it.
        assertThat(strings("MATCH (a:DatasetAlias)-[:ALIAS_OF]->(d:Dataset {olName: 'test.xxx'}) RETURN a.name AS name"))
                .contains("hive://localhost:9083/test.xxx");
        assertThat(strings("MATCH (j:Job)-[:WRITES]->(d:Dataset {olName: 'test.xxx'}) RETURN j.name AS name")).hasSize(1);
        assertThat(strings("MATCH (j:Job)-[:READS]->(d:Dataset {olName: 'test.t1'}) RETURN j.name AS name")).hasSize(1);
    }

    @Test
    void dbtColumnLineageNamesUpstreamFields() {
        ingest("_concretized/dbt/structured_logs__bigquery__run__results__successful_run_ol_events.json");
        List<String> upstream = strings("""
                MATCH (sd:Dataset)-[:HAS_COLUMN]->(s:Column)-[f:FEEDS]->(t:Column)<-[:HAS_COLUMN]-(td:Dataset {olName: 'example-bigquery-project.jaffle_shop.stg_locations'})
                RETURN t.fieldPath + ' <- ' + sd.olName + '.' + s.fieldPath AS edge
                """);
        assertThat(upstream).contains("location_id <- example-bigquery-project.raw.raw_stores.id",
                "location_name <- example-bigquery-project.raw.raw_stores.name",
                "tax_rate <- example-bigquery-project.raw.raw_stores.tax_rate");
        // Columns seen only as column-lineage inputs exist as stubs.
        assertThat(strings("MATCH (:Dataset {olName: 'example-bigquery-project.raw.raw_stores'})-[:HAS_COLUMN]->(c:Column) RETURN c.fieldPath + ':' + c.stub AS c"))
                .contains("id:true");
    }

    @Test
    void replaysAndReverseOrderGiveTheSameGraph() {
        List<List<LineageEvent>> batches = parseCorpus();
        batches.forEach(batch -> fixture.writer().write(WRITER, batch));
        List<String> first = GraphDump.dump(fixture.driver());
        assertThat(first).hasSizeGreaterThan(1000);
        assertNoDuplicateEdges("after the first ingest");

        long changesBefore = count("MATCH (c:ChangeEvent) RETURN count(c)");
        batches.forEach(batch -> fixture.writer().write(WRITER, batch));
        List<String> replayed = GraphDump.dump(fixture.driver());
        assertThat(difference(replayed, first)).as("only after replay").isEmpty();
        assertThat(difference(first, replayed)).as("missing after replay").isEmpty();
        assertThat(count("MATCH (c:ChangeEvent) RETURN count(c)")).as("a replay records no changes").isEqualTo(changesBefore);
        assertNoDuplicateEdges("after the replay");

        fixture.wipe();
        List<List<LineageEvent>> reversed = new ArrayList<>();
        for (List<LineageEvent> batch : batches) {
            List<LineageEvent> copy = new ArrayList<>(batch);
            Collections.reverse(copy);
            reversed.add(0, copy);
        }
        reversed.forEach(batch -> fixture.writer().write(WRITER, batch));
        List<String> second = GraphDump.dump(fixture.driver());
        assertThat(difference(second, first)).as("only after reverse order").isEmpty();
        assertThat(difference(first, second)).as("only after forward order").isEmpty();
        assertNoDuplicateEdges("after the reverse order");
    }

    /** The graph dump compares sets of lines, so an edge created twice would not show there. */
    private static void assertNoDuplicateEdges(String when) {
        assertThat(count("""
                MATCH (s)-[f:FEEDS|FEEDS_DATASET]->(t)
                WITH s, t, type(f) AS type, f.key AS key, count(*) AS n WHERE n > 1
                RETURN count(*)""")).as("column edges twice " + when).isZero();
        assertThat(count("""
                MATCH (d)-[h:HAS_COLUMN]->(c)
                WITH d, c, count(h) AS n WHERE n > 1
                RETURN count(*)""")).as("columns attached twice " + when).isZero();
        assertThat(count("""
                MATCH (c:Column)
                WITH c.urn AS urn, count(*) AS n WHERE n > 1
                RETURN count(*)""")).as("columns with one URN " + when).isZero();
    }

    private static List<String> difference(List<String> a, List<String> b) {
        java.util.Set<String> other = new java.util.HashSet<>(b);
        return a.stream().filter(line -> !other.contains(line)).limit(20).toList();
    }

    private static void ingest(String... files) {
        for (String file : files) {
            fixture.writer().write(WRITER, fixture.bodies().batch(Corpus.read(Corpus.ROOT.resolve(file))));
        }
    }

    static List<String> strings(String query) {
        try (var session = fixture.driver().session()) {
            return session.run(query).list(r -> r.get(0).asString());
        }
    }

    static long count(String query) {
        try (var session = fixture.driver().session()) {
            return session.run(query).single().get(0).asLong();
        }
    }
}
