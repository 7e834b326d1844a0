package io.cairn.lineage.read;

import java.util.List;

/**
 * What an unpaged walk by URN reached ({@link LineageTraversal#walk}, {@link LineageTraversal#impactOf}), for callers
 * that resolve URNs to entities themselves (the GraphQL API) rather than render Marquez ids.
 *
 * @param starts the nodes the walk started from
 * @param reached every node reached, once, nearest first within each direction (upstream before downstream)
 * @param truncated a depth, fan-out, size or time cap stopped the expansion, so more lies beyond what is listed
 */
public record LineageWalk(List<String> starts, List<Reached> reached, boolean truncated) {

    public LineageWalk {
        starts = List.copyOf(starts);
        reached = List.copyOf(reached);
    }

    public enum Kind { COLUMN, DATASET, JOB }

    /**
     * A node reached {@code depth} hops from the start, walking {@code direction}, and the edges that reached it from
     * the previous hop (at most the fan-out cap of them).
     */
    public record Reached(Kind kind, String urn, TraversalQuery.Direction direction, int depth, List<Step> via) {
        public Reached {
            via = List.copyOf(via);
        }
    }

    /**
     * An edge followed into a node: from which node (URN), through which job (URN; for a job, null: the job reads or
     * writes {@code from}), and, on column edges, the transformation and the run that last confirmed it.
     */
    public record Step(String from, String job, String type, String subtype, String description, Boolean masking, String lastRun) {
    }
}
