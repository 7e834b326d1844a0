package io.cairn.lineage.web;

import io.cairn.lineage.read.LineagePage;
import io.cairn.lineage.read.LineageTraversal;
import io.cairn.lineage.read.TraversalQuery;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cairn's own lineage reads, paged by an opaque cursor: {@code GET /api/v1/lineage/upstream} and
 * {@code /downstream} (dataset level from a dataset, column level from a column; filters {@code job},
 * {@code transformationType}, {@code transformationSubtype}, each repeatable) and {@code GET /api/v1/lineage/impact}
 * (every column, dataset, job and owner downstream of a column).
 */
@RestController
@RequestMapping("/api/v1/lineage")
public class LineageTraversalController {

    private static final String DEFAULT_DEPTH = "5";
    private static final String DEFAULT_LIMIT = "100";

    private final LineageTraversal traversal;

    public LineageTraversalController(LineageTraversal traversal) {
        this.traversal = traversal;
    }

    @GetMapping("/upstream")
    LineagePage upstream(Actor actor, @RequestParam String nodeId, @RequestParam(defaultValue = DEFAULT_DEPTH) int depth,
                         @RequestParam(required = false) List<String> job, @RequestParam(required = false) List<String> transformationType,
                         @RequestParam(required = false) List<String> transformationSubtype,
                         @RequestParam(defaultValue = DEFAULT_LIMIT) int limit, @RequestParam(required = false) String cursor) {
        actor.require(Role.READER);
        return traversal.traverse(query(nodeId, TraversalQuery.Direction.UPSTREAM, depth, job, transformationType, transformationSubtype, limit, cursor));
    }

    @GetMapping("/downstream")
    LineagePage downstream(Actor actor, @RequestParam String nodeId, @RequestParam(defaultValue = DEFAULT_DEPTH) int depth,
                           @RequestParam(required = false) List<String> job, @RequestParam(required = false) List<String> transformationType,
                           @RequestParam(required = false) List<String> transformationSubtype,
                           @RequestParam(defaultValue = DEFAULT_LIMIT) int limit, @RequestParam(required = false) String cursor) {
        actor.require(Role.READER);
        return traversal.traverse(query(nodeId, TraversalQuery.Direction.DOWNSTREAM, depth, job, transformationType, transformationSubtype, limit, cursor));
    }

    @GetMapping("/impact")
    LineagePage impact(Actor actor, @RequestParam String column, @RequestParam(defaultValue = "10") int depth,
                       @RequestParam(required = false) List<String> job, @RequestParam(required = false) List<String> transformationType,
                       @RequestParam(required = false) List<String> transformationSubtype,
                       @RequestParam(defaultValue = DEFAULT_LIMIT) int limit, @RequestParam(required = false) String cursor) {
        actor.require(Role.READER);
        return traversal.impact(query(column, TraversalQuery.Direction.DOWNSTREAM, depth, job, transformationType, transformationSubtype, limit, cursor));
    }

    private static TraversalQuery query(String start, TraversalQuery.Direction direction, int depth, List<String> jobs, List<String> types,
                                        List<String> subtypes, int limit, String cursor) {
        return new TraversalQuery(start, direction, depth, set(jobs), set(types), set(subtypes), limit, cursor);
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : Set.copyOf(values.stream().filter(v -> !v.isBlank()).toList());
    }
}
