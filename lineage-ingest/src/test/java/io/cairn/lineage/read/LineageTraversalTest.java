package io.cairn.lineage.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.LineageFixture;
import io.cairn.lineage.graph.LineageIds;
import io.cairn.lineage.read.marquez.Marquez;
import io.cairn.lineage.read.marquez.MarquezReader;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paged traversals, fan-out caps and the read timeout on a real Neo4j: a wide, deep generated graph of 40 datasets in
 * a chain, each with 50 columns, every column fed by the same column one dataset up (2,000 columns, 1,950 edges).
 */
class LineageTraversalTest {

    private static final int DATASETS = 40;
    private static final int COLUMNS = 50;
    private static final String NS = "wide";

    @TempDir
    static Path dataDir;

    static LineageFixture fixture;

    @BeforeAll
    static void start() {
        fixture = LineageFixture.start(dataDir);
        StringBuilder ndjson = new StringBuilder();
        for (int d = 1; d < DATASETS; d++) {
            StringBuilder fields = new StringBuilder();
            for (int c = 0; c < COLUMNS; c++) {
                if (c > 0) {
                    fields.append(',');
                }
                fields.append("\"c%d\":{\"inputFields\":[{\"namespace\":\"%s\",\"name\":\"d%d\",\"field\":\"c%d\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"%s\"}]}]}"
                        .formatted(c, NS, d - 1, c, c % 2 == 0 ? "IDENTITY" : "TRANSFORMATION"));
            }
            ndjson.append(("{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-21T09:00:00Z\",\"producer\":\"https://example.com/t\","
                    + "\"run\":{\"runId\":\"%s\"},\"job\":{\"namespace\":\"%s\",\"name\":\"step%d\"},"
                    + "\"inputs\":[{\"namespace\":\"%s\",\"name\":\"d%d\"}],"
                    + "\"outputs\":[{\"namespace\":\"%s\",\"name\":\"d%d\",\"facets\":{\"columnLineage\":{\"fields\":{%s}}}}]}\n")
                    .formatted(UUID.randomUUID(), NS, d, NS, d - 1, NS, d, fields));
        }
        fixture.writer().write(Actor.client("traversal-test", Role.WRITER), fixture.bodies().batch(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static LineageTraversal traversal(ReadLimits limits) {
        return new LineageTraversal(new BoundedReads(fixture.store(), limits.timeout()), limits, new ObjectMapper());
    }

    private static TraversalQuery query(String start, TraversalQuery.Direction direction, int depth, Set<String> subtypes, int limit, String cursor) {
        return new TraversalQuery(start, direction, depth, Set.of(), Set.of(), subtypes, limit, cursor);
    }

    @Test
    void columnChainDownstreamIsBreadthFirstAndPagesWithoutGapsOrRepeats() {
        LineageTraversal traversal = traversal(ReadLimits.DEFAULT);
        LineagePage whole = traversal.impact(query("datasetField:wide:d0:c0", TraversalQuery.Direction.DOWNSTREAM, 10, Set.of(), 1000, null));
        // Ten hops of one column each, plus its dataset and job per hop.
        assertThat(whole.items()).hasSize(30);
        assertThat(whole.items().get(0).id()).isEqualTo("datasetField:wide:d1:c0");
        assertThat(whole.items().get(29).id()).isEqualTo("job:wide:step10");
        assertThat(whole.truncated()).as("d11 lies beyond depth 10").isTrue();
        for (int i = 0; i < 30; i++) {
            assertThat(whole.items().get(i).depth()).isEqualTo(i / 3 + 1);
        }

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            LineagePage page = traversal.impact(query("datasetField:wide:d0:c0", TraversalQuery.Direction.DOWNSTREAM, 10, Set.of(), 7, cursor));
            page.items().forEach(item -> paged.add(item.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(pages).isEqualTo(5);
        assertThat(paged).containsExactlyElementsOf(whole.items().stream().map(LineagePage.Item::id).toList());
    }

    @Test
    void datasetLevelUpstreamAndSubtypeFilterAndFanOutCap() {
        LineageTraversal traversal = traversal(ReadLimits.DEFAULT);
        LineagePage up = traversal.traverse(query("dataset:wide:d39", TraversalQuery.Direction.UPSTREAM, 3, Set.of(), 100, null));
        assertThat(up.items()).extracting(LineagePage.Item::id).containsExactly(
                "dataset:wide:d38", "job:wide:step39", "dataset:wide:d37", "job:wide:step38", "dataset:wide:d36", "job:wide:step37");

        // c1 edges are TRANSFORMATION: an IDENTITY-only walk from c1 finds nothing, from c0 the whole chain.
        assertThat(traversal.traverse(query("datasetField:wide:d0:c1", TraversalQuery.Direction.DOWNSTREAM, 5, Set.of("IDENTITY"), 100, null))
                .items()).isEmpty();
        assertThat(traversal.traverse(query("datasetField:wide:d0:c0", TraversalQuery.Direction.DOWNSTREAM, 5, Set.of("identity"), 100, null))
                .items()).hasSize(5);

        // Every column of d20 upstream through the column-lineage graph read, with a fan-out of 10 per node.
        LineageReader capped = new LineageReader(fixture.store(), new ReadLimits(20, 10, 5_000, Duration.ofSeconds(30)));
        LineageGraph graph = capped.columnLineage(NodeId.parse("dataset:wide:d20"), 1, false);
        assertThat(graph.graph()).hasSize(2 * COLUMNS);
        LineageReader tiny = new LineageReader(fixture.store(), new ReadLimits(20, 10, 60, Duration.ofSeconds(30)));
        LineageGraph truncated = tiny.columnLineage(NodeId.parse("dataset:wide:d20"), 3, false);
        assertThat(truncated.truncated()).isTrue();
        assertThat(truncated.graph().size()).isLessThanOrEqualTo(60);
    }

    @Test
    void readsPastTheTimeoutFailWithTheTimeoutError() {
        ReadLimits instant = new ReadLimits(20, 200, 5_000, Duration.ofMillis(1));
        assertThatThrownBy(() -> traversal(instant).impact(query("datasetField:wide:d0:c0", TraversalQuery.Direction.DOWNSTREAM, 20, Set.of(), 1000, null)))
                .isInstanceOf(LineageTimeoutException.class).hasMessageContaining("1 ms");
        assertThatThrownBy(() -> new LineageReader(fixture.store(), instant).columnLineage(NodeId.parse("dataset:wide:d39"), 20, true))
                .isInstanceOf(LineageTimeoutException.class);
        assertThatThrownBy(() -> new MarquezReader(new BoundedReads(fixture.store(), Duration.ofMillis(1)), new ObjectMapper()).jobs(NS, 100, 0))
                .isInstanceOf(LineageTimeoutException.class);
        // The same reads with a real limit succeed.
        LineageGraph deep = new LineageReader(fixture.store(), ReadLimits.DEFAULT).columnLineage(NodeId.parse("datasetField:wide:d39:c3"), 20, false);
        assertThat(deep.graph()).hasSize(21);
    }

    @Test
    void marquezListsPageAndNamespacesAreFoundBySkipping() {
        MarquezReader reader = new MarquezReader(new BoundedReads(fixture.store(), Duration.ofSeconds(30)), new ObjectMapper());
        Marquez.JobList first = reader.jobs(NS, 10, 0);
        assertThat(first.totalCount()).isEqualTo(DATASETS - 1);
        assertThat(first.jobs()).hasSize(10);
        Set<String> names = new HashSet<>();
        for (int offset = 0; offset < DATASETS; offset += 10) {
            reader.jobs(NS, 10, offset).jobs().forEach(job -> names.add(job.name()));
        }
        assertThat(names).hasSize(DATASETS - 1);
        Marquez.DatasetList datasets = reader.datasets(NS, 5, 5);
        assertThat(datasets.totalCount()).isEqualTo(DATASETS);
        assertThat(datasets.datasets()).extracting(Marquez.Dataset::name).containsExactly("d13", "d14", "d15", "d16", "d17");
        assertThat(datasets.datasets().get(0).fields()).hasSize(COLUMNS);
        assertThat(reader.namespaces(100, 0).namespaces()).extracting(Marquez.Namespace::name).contains(NS);
        Marquez.Job job = reader.job(NS, "step5");
        assertThat(job.inputs()).containsExactly(new Marquez.DatasetId(NS, "d4"));
        assertThat(job.outputs()).containsExactly(new Marquez.DatasetId(NS, "d5"));
        assertThat(job.latestRun().state()).isEqualTo("COMPLETED");
        assertThat(reader.runs(NS, "step5", 10, 0).totalCount()).isEqualTo(1);
    }

    @Test
    void walksByUrnFollowTheSameHopsAndCapsAsThePagedTraversal() {
        LineageTraversal traversal = traversal(ReadLimits.DEFAULT);
        String d20 = urnOf(traversal, "dataset:wide:d20");
        Map<String, String> names = new HashMap<>();
        for (int d = 0; d < DATASETS; d++) {
            names.put(urnOf(traversal, "dataset:wide:d" + d), "d" + d);
            names.put(LineageIds.job(NS, "step" + d).toString(), "step" + d);
        }

        // Both ways from a dataset: upstream first, each hop's job and dataset, and more lies beyond depth 2.
        LineageWalk both = traversal.walk(d20, EnumSet.allOf(TraversalQuery.Direction.class), 2);
        assertThat(both.starts()).containsExactly(d20);
        assertThat(both.reached()).extracting(r -> r.direction() + " " + r.depth() + " " + r.kind() + " " + names.get(r.urn()))
                .containsExactly("UPSTREAM 1 DATASET d19", "UPSTREAM 1 JOB step20", "UPSTREAM 2 DATASET d18", "UPSTREAM 2 JOB step19",
                        "DOWNSTREAM 1 DATASET d21", "DOWNSTREAM 1 JOB step21", "DOWNSTREAM 2 DATASET d22", "DOWNSTREAM 2 JOB step22");
        assertThat(both.truncated()).isTrue();
        LineageWalk.Reached d21 = both.reached().get(4);
        assertThat(d21.via()).extracting(LineageWalk.Step::from).containsExactly(d20);
        assertThat(d21.via().get(0).job()).isEqualTo(both.reached().get(5).urn());

        // From a job, the first hop is what it writes; the walk then goes on dataset by dataset.
        LineageWalk fromJob = traversal.walk(LineageIds.job(NS, "step5").toString(), Set.of(TraversalQuery.Direction.DOWNSTREAM), 2);
        assertThat(fromJob.reached()).extracting(r -> r.depth() + " " + names.get(r.urn()))
                .containsExactly("1 d5", "2 d6", "2 step6");

        // Column level upstream, with the transformation and the run that confirmed each edge.
        String c0 = Urn.column(Urn.parse(d20).uuid(), "c0").toString();
        LineageWalk columns = traversal.walk(c0, Set.of(TraversalQuery.Direction.UPSTREAM), 3);
        assertThat(columns.reached()).hasSize(3).allMatch(r -> r.kind() == LineageWalk.Kind.COLUMN);
        LineageWalk.Step step = columns.reached().get(0).via().get(0);
        assertThat(step.from()).isEqualTo(c0);
        assertThat(step.subtype()).isEqualTo("IDENTITY");
        assertThat(step.lastRun()).startsWith("urn:cairn:run:");

        // Impact of a whole dataset near the end of the chain: both later datasets, every column of them, both jobs.
        LineageWalk impact = traversal.impactOf(urnOf(traversal, "dataset:wide:d37"), null);
        assertThat(impact.reached().stream().filter(r -> r.kind() == LineageWalk.Kind.COLUMN)).hasSize(2 * COLUMNS);
        assertThat(impact.reached().stream().filter(r -> r.kind() == LineageWalk.Kind.DATASET).map(r -> names.get(r.urn())))
                .containsExactly("d38", "d39");
        assertThat(impact.reached().stream().filter(r -> r.kind() == LineageWalk.Kind.JOB)).hasSize(2);
        assertThat(impact.truncated()).isFalse();

        // The node cap holds for a walk as for a graph answer, and says so.
        LineageWalk capped = traversal(new ReadLimits(20, 200, 60, Duration.ofSeconds(30))).impactOf(urnOf(traversal, "dataset:wide:d30"), null);
        assertThat(capped.reached()).hasSizeLessThanOrEqualTo(60);
        assertThat(capped.truncated()).isTrue();
        LineageWalk fannedOut = traversal(new ReadLimits(20, 10, 5_000, Duration.ofSeconds(30))).impactOf(urnOf(traversal, "dataset:wide:d37"), null);
        assertThat(fannedOut.truncated()).as("d37 has 50 columns, each a start; the cap is per node, so no column is cut").isFalse();

        assertThatThrownBy(() -> traversal.walk(Urn.dataset(UUID.randomUUID()).toString(), Set.of(TraversalQuery.Direction.UPSTREAM), 1))
                .isInstanceOf(LineageNotFoundException.class);
        assertThatThrownBy(() -> traversal.impactOf(d20, urnOf(traversal, "dataset:wide:d21"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String urnOf(LineageTraversal traversal, String nodeId) {
        return traversal.traverse(query(nodeId, TraversalQuery.Direction.UPSTREAM, 1, Set.of(), 1, null)).start().urn();
    }
}
