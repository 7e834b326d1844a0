package io.cairn.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.metadata.dataset.ColumnEdgeRuns;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's column lineage into one dataset is kept as a set: a run that repeats it moves the set's last run and writes
 * no edge, a run that changes it first hands the set's run to the old edges. Whatever the order the runs arrive in,
 * every edge's last run is the newest run that named it and its values are that run's.
 */
class ColumnLineageSetWriterTest {

    static final Actor WRITER = Actor.client("pipeline", Role.WRITER);
    static final String R0 = "00000000-0000-4000-8000-000000000000";
    static final String R1 = "11111111-1111-4111-8111-111111111111";
    static final String R2 = "22222222-2222-4222-8222-222222222222";
    static final String R3 = "33333333-3333-4333-8333-333333333333";

    /** A fresh graph per test; within a test {@link LineageFixture#wipe()} starts over. */
    private LineageFixture fixture;

    @Test
    void aRunRepeatingLineageMovesOnlyTheSetsRun(@TempDir Path dir) {
        try (LineageFixture started = LineageFixture.start(dir)) {
            fixture = started;
            repeatingLineage();
        }
    }

    @Test
    void everyEdgeKeepsTheNewestRunThatNamedItInEveryOrder(@TempDir Path dir) {
        try (LineageFixture started = LineageFixture.start(dir)) {
            fixture = started;
            changingLineageInEveryOrder();
        }
    }

    @Test
    void newColumnsAndEdgesAreLoggedOncePerDataset(@TempDir Path dir) {
        try (LineageFixture started = LineageFixture.start(dir)) {
            fixture = started;
            write(event(R1, 1, "a", "b", "c"));

            assertThat(strings("MATCH (c:ChangeEvent {entityType: 'column'}) RETURN c.aspect")).as("no change per column").isEmpty();
            List<String> fields = strings("MATCH (c:ChangeEvent {aspect: 'schemaFields'}) RETURN c.after");
            assertThat(fields).as("one change for out's columns, one for in's").hasSize(2);
            assertThat(fields).anySatisfy(after -> assertThat(after).contains("\"c_a\"", "\"c_b\"", "\"c_c\"", "\"stub\":true"));
            assertThat(fields).anySatisfy(after -> assertThat(after).contains("\"i_a\"", "\"i_b\"", "\"i_c\"", "\"i_f\""));
            List<String> edges = strings("MATCH (c:ChangeEvent {aspect: 'upstreamColumns'}) RETURN c.after");
            assertThat(edges).hasSize(1);
            assertThat(edges.get(0)).contains("\"added\":3", "\"c_a\":1", "\"c_b\":1", "\"c_c\":1");
            assertThat(strings("MATCH (c:ChangeEvent {aspect: 'upstreamColumnDependencies'}) RETURN c.after"))
                    .singleElement().asString().contains("\"added\":1");
            assertThat(strings("MATCH (c:ChangeEvent) WHERE c.aspect IN ['schemaFields', 'upstreamColumns'] "
                    + "MATCH (d:Dataset {urn: c.urn}) RETURN DISTINCT d.urn")).as("logged on the datasets' URNs").hasSize(2);

            write(event(R2, 2, "a", "b", "c", "d"));
            assertThat(strings("MATCH (c:ChangeEvent {aspect: 'upstreamColumns'}) RETURN c.after ORDER BY c.seq"))
                    .as("the new edge alone").hasSize(2).last().asString().contains("\"added\":1", "\"c_d\":1").doesNotContain("c_a");
        }
    }

    private void repeatingLineage() {
        write(event(R1, 1, "a", "b"));
        Map<String, String> edgesBefore = edgeProperties();
        write(event(R2, 2, "a", "b"));

        assertThat(edgeProperties()).as("no edge was written").isEqualTo(edgesBefore);
        assertThat(lastRuns()).isEqualTo(Map.of("c_a<-i_a", run(R2), "c_b<-i_b", run(R2), "dataset<-i_f", run(R2)));
        assertThat(strings("MATCH (:Job)-[s:COLUMN_LINEAGE]->(:Dataset) RETURN s.lastRun")).containsExactly(run(R2));
    }

    private void changingLineageInEveryOrder() {
        // R0 is oldest and describes edge a differently; R1 and R2 name a and b; R3, the newest, names b and c.
        List<String> events = List.of(event(R0, 0, "a*"), event(R1, 1, "a", "b"), event(R2, 2, "a", "b"), event(R3, 3, "b", "c"));
        Map<String, String> expectedRuns = Map.of("c_a<-i_a", run(R2), "c_b<-i_b", run(R3), "c_c<-i_c", run(R3), "dataset<-i_f", run(R3));
        List<List<String>> orders = List.of(events, List.of(events.get(3), events.get(0), events.get(2), events.get(1)),
                List.of(events.get(2), events.get(3), events.get(1), events.get(0)), List.of(events.get(1), events.get(3), events.get(0), events.get(2)));
        List<String> firstDump = null;
        for (List<String> order : orders) {
            fixture.wipe();
            order.forEach(this::write);
            assertThat(lastRuns()).as("order %s", orders.indexOf(order)).isEqualTo(expectedRuns);
            assertThat(strings("MATCH (:Column {fieldPath: 'c_a'})<-[f:FEEDS]-() RETURN coalesce(f.description, '')"))
                    .as("a keeps the newest run's description").containsExactly("");
            List<String> dump = GraphDump.dump(fixture.driver());
            if (firstDump == null) {
                firstDump = dump;
            }
            assertThat(dump).as("order %s", orders.indexOf(order)).containsExactlyInAnyOrderElementsOf(firstDump);
        }
        // All four in one batch, newest first: the same edges and runs.
        fixture.wipe();
        fixture.writer().write(WRITER, fixture.bodies().batch(String.join("\n", orders.get(1)).getBytes(StandardCharsets.UTF_8)));
        assertThat(lastRuns()).isEqualTo(expectedRuns);
        assertThat(GraphDump.dump(fixture.driver())).containsExactlyInAnyOrderElementsOf(firstDump);
    }

    private void write(String event) {
        fixture.writer().write(WRITER, fixture.bodies().batch(event.getBytes(StandardCharsets.UTF_8)));
    }

    /** Each edge's last run as a reader sees it, by "target<-source". */
    private Map<String, String> lastRuns() {
        Map<String, String> runs = new TreeMap<>();
        try (var session = fixture.driver().session()) {
            session.run("MATCH (s:Column)-[f:FEEDS]->(t:Column) RETURN t.fieldPath + '<-' + s.fieldPath AS edge, "
                    + ColumnEdgeRuns.feeds("f", "t") + " AS run").forEachRemaining(r -> runs.put(r.get("edge").asString(), r.get("run").asString(null)));
            session.run("MATCH (s:Column)-[f:FEEDS_DATASET]->(t:Dataset) RETURN 'dataset<-' + s.fieldPath AS edge, "
                    + ColumnEdgeRuns.feedsDataset("f", "t") + " AS run").forEachRemaining(r -> runs.put(r.get("edge").asString(), r.get("run").asString(null)));
        }
        return runs;
    }

    private Map<String, String> edgeProperties() {
        Map<String, String> edges = new TreeMap<>();
        try (var session = fixture.driver().session()) {
            session.run("MATCH (s)-[f:FEEDS|FEEDS_DATASET]->(t) RETURN elementId(f) AS id, properties(f) AS props")
                    .forEachRemaining(r -> edges.put(r.get("id").asString(), new TreeMap<>(r.get("props").asMap()).toString()));
        }
        return edges;
    }

    private List<String> strings(String query) {
        try (var session = fixture.driver().session()) {
            return session.run(query).list(r -> r.get(0).asString());
        }
    }

    private static String run(String runId) {
        return "urn:cairn:run:" + runId;
    }

    /** A COMPLETE of job j writing dataset out; each name is a column fed by i_name ("a*": with a description). */
    private static String event(String runId, int second, String... columns) {
        List<String> fields = new ArrayList<>();
        for (String column : columns) {
            String name = column.replace("*", "");
            String description = column.endsWith("*") ? ",\"description\":\"old\"" : "";
            fields.add("\"c_" + name + "\":{\"inputFields\":[{\"namespace\":\"ns\",\"name\":\"in\",\"field\":\"i_" + name
                    + "\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\"" + description + "}]}]}");
        }
        return "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2024-06-01T00:00:0" + second + ".000Z\",\"producer\":\"test\","
                + "\"run\":{\"runId\":\"" + runId + "\"},\"job\":{\"namespace\":\"ns\",\"name\":\"j\"},"
                + "\"inputs\":[{\"namespace\":\"ns\",\"name\":\"in\"}],"
                + "\"outputs\":[{\"namespace\":\"ns\",\"name\":\"out\",\"facets\":{\"columnLineage\":{\"fields\":{" + String.join(",", fields)
                + "},\"dataset\":[{\"namespace\":\"ns\",\"name\":\"in\",\"field\":\"i_f\",\"transformations\":[{\"type\":\"INDIRECT\",\"subtype\":\"FILTER\"}]}]}}}]}";
    }
}
