package io.cairn.server.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.governance.Deprecation;
import io.cairn.metadata.governance.DomainAssignment;
import io.cairn.metadata.governance.DomainInfo;
import io.cairn.metadata.governance.GlossaryTermInfo;
import io.cairn.metadata.governance.GlossaryTerms;
import io.cairn.metadata.governance.GovernanceNotFoundException;
import io.cairn.metadata.governance.GovernanceStore;
import io.cairn.metadata.governance.Health;
import io.cairn.metadata.governance.Ownership;
import io.cairn.metadata.governance.QualityReader;
import io.cairn.metadata.governance.QualityAssertions;
import io.cairn.metadata.governance.QualityRun;
import io.cairn.metadata.governance.Tags;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import io.cairn.server.api.AspectViews;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.web.ErrorBodies;
import io.cairn.server.web.StrictJson;
import io.cairn.server.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Governance writes: descriptions, owners, tags, glossary terms, domains, deprecation and data quality. Each needs
 * the writer role, is parsed strictly, checks what it references (404 for an unknown entity, term or domain; 400 for
 * a cycle or bad value) and goes through the change log, which is the audit log.
 */
@RestController
@ConditionalOnRole(CairnRole.API)
public class GovernanceController {

    private static final String ENTITY = "/api/v1/governance/entities/{urn}/";

    private final GovernanceStore store;
    private final StrictJson json;
    private final AspectViews views;
    private final ErrorBodies errors;
    private final QualityReader quality;
    private final ObjectMapper mapper;

    public GovernanceController(GovernanceStore store, StrictJson json, AspectViews views, ErrorBodies errors, QualityReader quality,
                                ObjectMapper mapper) {
        this.store = store;
        this.json = json;
        this.views = views;
        this.errors = errors;
        this.quality = quality;
        this.mapper = mapper;
    }

    /**
     * A dataset's quality: its assertions, the newest run's results and the health they give, the newest metrics,
     * freshness (the last successful write) and its runs, newest first ({@code before} = the previous page's last
     * {@code at} in epoch milliseconds).
     */
    @GetMapping(ENTITY + "quality")
    ObjectNode quality(Actor actor, @PathVariable String urn, @RequestParam(defaultValue = "20") int limit,
                       @RequestParam(required = false) Long before) throws IOException {
        actor.require(Role.READER);
        Urn target = Urn.parse(urn);
        if (target.type() != EntityType.DATASET) {
            throw ApiProblem.badRequest("quality is kept for datasets; '" + urn + "' is a " + target.type().urnName());
        }
        if (limit < 1 || limit > QualityReader.MAX_RUNS) {
            throw ApiProblem.badRequest("limit must be between 1 and " + QualityReader.MAX_RUNS);
        }
        QualityReader.QualitySummary summary = quality.summary(target, limit, before)
                .orElseThrow(() -> new GovernanceNotFoundException("no dataset " + target));
        ObjectNode node = mapper.createObjectNode();
        node.put("urn", target.toString());
        JsonNode latest = summary.latestRunJson() == null ? mapper.nullNode() : mapper.readTree(summary.latestRunJson());
        List<Boolean> outcomes = new ArrayList<>();
        latest.path("results").forEach(result -> outcomes.add(result.path("success").asBoolean(false)));
        node.put("health", Health.of(outcomes).wireName());
        ObjectNode freshness = node.putObject("freshness");
        freshness.put("lastSuccessfulWrite", summary.lastSuccessfulWrite() == null ? null : summary.lastSuccessfulWrite().toString());
        freshness.put("runId", summary.lastSuccessfulRun());
        node.set("assertions", summary.assertionsJson() == null ? mapper.createArrayNode()
                : mapper.readTree(summary.assertionsJson()).path("assertions"));
        node.set("latestRun", latest);
        node.set("metrics", summary.metricsJson() == null ? mapper.nullNode() : mapper.readTree(summary.metricsJson()));
        ArrayNode runs = node.putArray("runs");
        for (QualityReader.RunSummary run : summary.runs()) {
            ObjectNode entry = runs.addObject();
            entry.put("runId", run.runId());
            entry.put("at", run.at().toString());
            entry.put("assertions", run.assertions());
            entry.put("failures", run.failures());
            entry.set("results", mapper.readTree(run.resultsJson()));
            entry.set("metrics", mapper.readTree(run.metricsJson()));
        }
        if (summary.runs().size() == limit) {
            node.put("nextBefore", summary.runs().get(limit - 1).at().toEpochMilli());
        }
        return node;
    }

    @PutMapping(ENTITY + "description")
    ObjectNode description(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, Description.class, (target, value) -> store.setDescription(actor, target, value));
    }

    @PutMapping(ENTITY + "ownership")
    ObjectNode ownership(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, Ownership.class, (target, value) -> store.setOwnership(actor, target, value));
    }

    @PutMapping(ENTITY + "tags")
    ObjectNode tags(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, Tags.class, (target, value) -> store.setTags(actor, target, value));
    }

    @PutMapping(ENTITY + "glossaryTerms")
    ObjectNode terms(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, GlossaryTerms.class, (target, value) -> store.setGlossaryTerms(actor, target, value));
    }

    @PutMapping(ENTITY + "domain")
    ObjectNode domain(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, DomainAssignment.class, (target, value) -> store.setDomain(actor, target, value));
    }

    @PutMapping(ENTITY + "deprecation")
    ObjectNode deprecation(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, Deprecation.class, (target, value) -> store.setDeprecation(actor, target, value));
    }

    @PutMapping(ENTITY + "qualityAssertions")
    ObjectNode assertions(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, QualityAssertions.class, (target, value) -> store.setAssertions(actor, target, value));
    }

    /** Each run is a new version of {@code qualityResults}; the newest decides the dataset's health. */
    @PostMapping(ENTITY + "qualityResults")
    ObjectNode qualityRun(Actor actor, @PathVariable String urn, @RequestBody(required = false) byte[] body) {
        return write(actor, urn, body, QualityRun.class, (target, value) -> store.recordQualityRun(actor, target, value));
    }

    @PutMapping("/api/v1/glossary/terms/{id}")
    ObjectNode term(Actor actor, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        actor.require(Role.WRITER);
        GlossaryTermInfo value = json.read(body, GlossaryTermInfo.class);
        return views.aspect(store.putTerm(actor, Urn.of(EntityType.GLOSSARY_TERM, List.of(id)), value));
    }

    @PutMapping("/api/v1/domains/{id}")
    ObjectNode domainInfo(Actor actor, @PathVariable String id, @RequestBody(required = false) byte[] body) {
        actor.require(Role.WRITER);
        DomainInfo value = json.read(body, DomainInfo.class);
        return views.aspect(store.putDomain(actor, Urn.of(EntityType.DOMAIN, List.of(id)), value));
    }

    @ExceptionHandler(GovernanceNotFoundException.class)
    ResponseEntity<ObjectNode> notFound(GovernanceNotFoundException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.NOT_FOUND, "NotFoundException", e.getMessage());
    }

    private <T> ObjectNode write(Actor actor, String urn, byte[] body, Class<T> type, BiFunction<Urn, T, AspectVersion> write) {
        // Authorisation first, so a reader learns nothing about the body's validity or the entity's existence.
        actor.require(Role.WRITER);
        Urn target = Urn.parse(urn);
        T value = json.read(body, type);
        return views.aspect(write.apply(target, value));
    }
}
