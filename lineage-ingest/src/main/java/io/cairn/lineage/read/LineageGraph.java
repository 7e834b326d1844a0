package io.cairn.lineage.read;

import java.util.List;
import java.util.Map;

/**
 * Marquez's lineage response: {@code {"graph": [node...]}}; {@code truncated} says a depth, fan-out or size cap
 * stopped the expansion (Cairn's addition; Marquez clients ignore unknown fields).
 */
public record LineageGraph(List<Node> graph, boolean truncated) {

    public record Node(String id, String type, Map<String, Object> data, List<Edge> inEdges, List<Edge> outEdges) {
    }

    public record Edge(String origin, String destination) {
    }
}
