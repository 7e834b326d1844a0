package io.cairn.lineage.web;

import io.cairn.lineage.LineageSettings;
import io.cairn.lineage.graph.IngestResult;
import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenLineage over HTTP. {@code POST /api/v1/lineage} takes one event and answers 201 with no body, as Marquez does;
 * {@code POST /api/v1/lineage/batch} takes a JSON array or NDJSON and writes the whole batch in one transaction.
 * A batch is all or nothing: every event is validated first, and any problem refuses the batch with all pointers.
 */
@RestController
@RequestMapping("/api/v1/lineage")
public class LineageIngestController {

    private final LineageGraphWriter writer;
    private final EventBodies bodies;
    private final LineageSettings settings;

    public LineageIngestController(LineageGraphWriter writer, EventBodies bodies, LineageSettings settings) {
        this.writer = writer;
        this.bodies = bodies;
        this.settings = settings;
    }

    @PostMapping
    ResponseEntity<Void> one(Actor actor, HttpServletRequest request) throws IOException {
        actor.require(Role.WRITER);
        writer.write(actor, List.of(bodies.single(RequestBodies.read(request, settings.maxDecompressedBytes()))));
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @PostMapping("/batch")
    ResponseEntity<Map<String, Object>> batch(Actor actor, HttpServletRequest request) throws IOException {
        actor.require(Role.WRITER);
        IngestResult result = writer.write(actor, bodies.batch(RequestBodies.read(request, settings.maxDecompressedBytes())));
        return ResponseEntity.ok(Map.of("events", result.events(), "changes", result.changes(), "newColumnEdges", result.newColumnEdges()));
    }
}
