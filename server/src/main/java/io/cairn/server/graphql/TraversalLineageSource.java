package io.cairn.server.graphql;

import io.cairn.graphql.error.GraphQlInputException;
import io.cairn.graphql.port.LineageDirection;
import io.cairn.graphql.port.LineageSource;
import io.cairn.lineage.read.LineageNotFoundException;
import io.cairn.lineage.read.LineageTimeoutException;
import io.cairn.lineage.read.LineageTraversal;
import io.cairn.lineage.read.LineageWalk;
import io.cairn.lineage.read.TraversalQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lineage by URN for the GraphQL API: lineage-ingest's {@link LineageTraversal} walks the graph (the same hops, caps
 * and {@code truncated} as the REST traversals); this class only turns what it reached into the API's links. Its
 * errors become the API's: an unknown start NOT_FOUND, the read time limit LIMIT_EXCEEDED.
 */
final class TraversalLineageSource implements LineageSource {

    /** Within a hop the job comes before the datasets it writes (or, upstream, reads): the order data flows in. */
    private static final Comparator<LineageWalk.Reached> FLOW_ORDER = Comparator.comparing(LineageWalk.Reached::direction)
            .thenComparingInt(LineageWalk.Reached::depth)
            .thenComparing(r -> r.kind() != LineageWalk.Kind.JOB)
            .thenComparing(LineageWalk.Reached::urn);

    private final LineageTraversal traversal;

    TraversalLineageSource(LineageTraversal traversal) {
        this.traversal = traversal;
    }

    @Override
    public int maxDepth() {
        return traversal.limits().maxDepth();
    }

    @Override
    public int maxNodes() {
        return traversal.limits().maxNodes();
    }

    @Override
    public DatasetLineage lineage(String startUrn, LineageDirection direction, int depth) {
        LineageWalk walk = read(() -> traversal.walk(startUrn, directions(direction), depth));
        List<LineageWalk.Reached> reached = walk.reached().stream().sorted(FLOW_ORDER).toList();
        List<String> nodes = new ArrayList<>(walk.starts());
        Set<Link> links = new LinkedHashSet<>();
        for (LineageWalk.Reached node : reached) {
            nodes.add(node.urn());
            boolean down = node.direction() == TraversalQuery.Direction.DOWNSTREAM;
            for (LineageWalk.Step step : node.via()) {
                if (node.kind() == LineageWalk.Kind.JOB) {
                    // The job reads the dataset it was reached from (downstream) or writes it (upstream).
                    links.add(down ? new Link(step.from(), node.urn(), node.urn(), "READS") : new Link(node.urn(), step.from(), node.urn(), "WRITES"));
                } else {
                    links.add(down ? new Link(step.job(), node.urn(), step.job(), "WRITES") : new Link(node.urn(), step.job(), step.job(), "READS"));
                }
            }
        }
        return new DatasetLineage(nodes, List.copyOf(links), walk.truncated());
    }

    @Override
    public ColumnLineage columnLineage(String columnUrn, LineageDirection direction, int depth) {
        LineageWalk walk = read(() -> traversal.walk(columnUrn, directions(direction), depth));
        List<String> columns = new ArrayList<>(walk.starts());
        Map<List<String>, List<LineageWalk.Step>> steps = new LinkedHashMap<>();
        for (LineageWalk.Reached node : walk.reached()) {
            // A column that feeds a whole dataset reaches the dataset; column lineage lists columns only.
            if (node.kind() != LineageWalk.Kind.COLUMN) {
                continue;
            }
            columns.add(node.urn());
            boolean down = node.direction() == TraversalQuery.Direction.DOWNSTREAM;
            for (LineageWalk.Step step : node.via()) {
                List<String> edge = down ? edgeKey(step.from(), node.urn(), step.job()) : edgeKey(node.urn(), step.from(), step.job());
                steps.computeIfAbsent(edge, k -> new ArrayList<>()).add(step);
            }
        }
        List<ColumnLink> links = new ArrayList<>(steps.size());
        steps.forEach((edge, list) -> links.add(columnLink(edge, list)));
        return new ColumnLineage(columns, links, walk.truncated());
    }

    @Override
    public ImpactSet impact(String datasetUrn, String columnUrn) {
        LineageWalk walk = read(() -> traversal.impactOf(datasetUrn, columnUrn));
        List<String> columns = new ArrayList<>();
        List<String> datasets = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        for (LineageWalk.Reached node : walk.reached()) {
            switch (node.kind()) {
                case COLUMN -> columns.add(node.urn());
                case DATASET -> datasets.add(node.urn());
                case JOB -> jobs.add(node.urn());
            }
        }
        return new ImpactSet(columns, datasets, jobs, walk.truncated());
    }

    private static List<String> edgeKey(String from, String to, String job) {
        // The job may be null: a producer that named no job for the edge.
        return Arrays.asList(from, to, job);
    }

    /** One edge per (from, to, job) with every transformation the job reported for it and a run that confirmed it. */
    private static ColumnLink columnLink(List<String> edge, List<LineageWalk.Step> steps) {
        List<TransformationInfo> transformations = new ArrayList<>(steps.size());
        String lastRun = null;
        for (LineageWalk.Step step : steps) {
            transformations.add(new TransformationInfo(step.type(), step.subtype(), step.description(), Boolean.TRUE.equals(step.masking())));
            if (lastRun == null) {
                lastRun = step.lastRun();
            }
        }
        return new ColumnLink(edge.get(0), edge.get(1), edge.get(2), transformations, lastRun);
    }

    private static Set<TraversalQuery.Direction> directions(LineageDirection direction) {
        Set<TraversalQuery.Direction> directions = EnumSet.noneOf(TraversalQuery.Direction.class);
        if (direction.upstream()) {
            directions.add(TraversalQuery.Direction.UPSTREAM);
        }
        if (direction.downstream()) {
            directions.add(TraversalQuery.Direction.DOWNSTREAM);
        }
        return directions;
    }

    private static <T> T read(Supplier<T> walk) {
        try {
            return walk.get();
        } catch (LineageNotFoundException e) {
            throw GraphQlInputException.notFound(e.getMessage());
        } catch (LineageTimeoutException e) {
            throw GraphQlInputException.limitExceeded(e.getMessage());
        }
    }
}
