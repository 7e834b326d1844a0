package io.cairn.server.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.search.RebuildInProgressException;
import io.cairn.search.Reindexer;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.web.ErrorBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The index rebuild, served by nodes with the {@code indexer} role (which own the indexes). One rebuild runs at a
 * time across the cluster (a lock in Neo4j): asking while one runs answers 409 with where to watch its progress.
 */
@RestController
@ConditionalOnRole(CairnRole.INDEXER)
public class ReindexController {

    private final Reindexer reindexer;
    private final ErrorBodies errors;

    public ReindexController(Reindexer reindexer, ErrorBodies errors) {
        this.reindexer = reindexer;
        this.errors = errors;
    }

    /** Starts a rebuild (or resumes an unfinished one) in the background; 202 with its progress. */
    @PostMapping("/api/v1/admin/reindex")
    ResponseEntity<ObjectNode> reindex(Actor actor) {
        actor.require(Role.ADMIN);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(reindexer.start());
    }

    @GetMapping("/api/v1/admin/reindex")
    ObjectNode progress(Actor actor) {
        actor.require(Role.ADMIN);
        return reindexer.progress();
    }

    @ExceptionHandler(RebuildInProgressException.class)
    ResponseEntity<ObjectNode> inProgress(RebuildInProgressException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.CONFLICT, "ConflictException", e.getMessage());
    }
}
