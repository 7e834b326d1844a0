package io.cairn.server.governance;

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
import io.cairn.metadata.governance.Ownership;
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
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

    public GovernanceController(GovernanceStore store, StrictJson json, AspectViews views, ErrorBodies errors) {
        this.store = store;
        this.json = json;
        this.views = views;
        this.errors = errors;
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
