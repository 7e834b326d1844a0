package io.cairn.lineage.web;

import io.cairn.lineage.read.LineageGraph;
import io.cairn.lineage.read.LineageReader;
import io.cairn.lineage.read.NodeId;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Marquez's lineage reads: {@code GET /api/v1/lineage} and {@code GET /api/v1/column-lineage}, bounded. */
@RestController
@RequestMapping("/api/v1")
public class LineageReadController {

    private final LineageReader reader;

    public LineageReadController(LineageReader reader) {
        this.reader = reader;
    }

    @GetMapping("/lineage")
    LineageGraph lineage(Actor actor, @RequestParam String nodeId, @RequestParam(defaultValue = "20") int depth) {
        actor.require(Role.READER);
        return reader.lineage(NodeId.parse(nodeId), depth);
    }

    @GetMapping("/column-lineage")
    LineageGraph columnLineage(Actor actor, @RequestParam String nodeId, @RequestParam(defaultValue = "20") int depth,
                               @RequestParam(defaultValue = "false") boolean withDownstream) {
        actor.require(Role.READER);
        return reader.columnLineage(NodeId.parse(nodeId), depth, withDownstream);
    }
}
