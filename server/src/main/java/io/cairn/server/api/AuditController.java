package io.cairn.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.changelog.AuditLog;
import io.cairn.metadata.changelog.AuditPage;
import io.cairn.metadata.changelog.AuditQuery;
import io.cairn.metadata.urn.Urn;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.web.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: every committed change, newest first, with who made it. */
@RestController
@ConditionalOnRole(CairnRole.API)
public class AuditController {

    private final AuditLog audit;
    private final AspectViews views;
    private final ObjectMapper mapper;

    public AuditController(AuditLog audit, AspectViews views, ObjectMapper mapper) {
        this.audit = audit;
        this.views = views;
        this.mapper = mapper;
    }

    @GetMapping("/api/v1/audit")
    ObjectNode audit(@RequestParam(required = false) String urn,
                     @RequestParam(required = false) String principal,
                     @RequestParam(required = false) String since,
                     @RequestParam(required = false) Long cursor,
                     @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + AuditQuery.MAX_LIMIT);
        }
        AuditPage page = audit.page(new AuditQuery(
                Optional.ofNullable(urn).map(value -> Urn.parse(value).toString()),
                Optional.ofNullable(principal).map(AuditController::principalUrn),
                Optional.ofNullable(since).map(AuditController::instant),
                cursor == null ? OptionalLong.empty() : OptionalLong.of(cursor),
                limit));
        ObjectNode body = mapper.createObjectNode();
        ArrayNode events = body.putArray("events");
        page.events().forEach(event -> events.add(views.change(event)));
        page.nextCursor().ifPresent(next -> body.put("nextCursor", next));
        return body;
    }

    /** Accepts a principal URN or a bare client id. */
    private static String principalUrn(String principal) {
        return principal.startsWith("urn:") ? Urn.parse(principal).toString() : "urn:cairn:principal:client:" + principal;
    }

    private static Instant instant(String since) {
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
