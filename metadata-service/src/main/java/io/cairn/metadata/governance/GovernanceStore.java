package io.cairn.metadata.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.AspectSpec;
import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.aspect.CoreAspects;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.PrincipalKind;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Governance writes. Each is one unit of work that first checks every reference (the entity, its terms, its domain,
 * a parent term or domain and the absence of a cycle) and only then writes a new aspect version, so bad input
 * changes nothing. Every write goes through the change log, which is also the audit log.
 */
public final class GovernanceStore {

    /** Hierarchies deeper than this are refused; it also bounds the cycle check. */
    public static final int MAX_HIERARCHY_DEPTH = 32;

    private final GraphStore store;
    private final ObjectMapper mapper;

    public GovernanceStore(GraphStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    public AspectVersion setDescription(Actor actor, Urn urn, Description value) {
        return onExisting(actor, urn, CoreAspects.DESCRIPTION, value, unit -> { });
    }

    public AspectVersion setOwnership(Actor actor, Urn urn, Ownership value) {
        for (Owner owner : value.owners()) {
            String kind = owner.urn().keyParts().get(0);
            if (!kind.equals(PrincipalKind.USER.urnName()) && !kind.equals(PrincipalKind.GROUP.urnName())) {
                throw new InvalidAspectException("owner '" + owner.owner() + "' must be a user or a group principal");
            }
        }
        return onExisting(actor, urn, GovernanceAspects.OWNERSHIP, value, unit -> value.owners().forEach(owner -> knownPrincipal(unit, owner.urn())));
    }

    public AspectVersion setTags(Actor actor, Urn urn, Tags value) {
        return onExisting(actor, urn, GovernanceAspects.TAGS, value, unit -> { });
    }

    public AspectVersion setGlossaryTerms(Actor actor, Urn urn, GlossaryTerms value) {
        return onExisting(actor, urn, GovernanceAspects.GLOSSARY_TERMS, value, unit -> {
            for (String term : value.terms()) {
                requireExists(unit, Urn.parse(term), "glossary term");
            }
            link(unit, urn, "HAS_TERM", value.terms());
        });
    }

    public AspectVersion setDomain(Actor actor, Urn urn, DomainAssignment value) {
        return onExisting(actor, urn, GovernanceAspects.DOMAIN, value, unit -> {
            if (value.domain() != null) {
                requireExists(unit, Urn.parse(value.domain()), "domain");
            }
            link(unit, urn, "IN_DOMAIN", value.domain() == null ? List.of() : List.of(value.domain()));
        });
    }

    public AspectVersion setDeprecation(Actor actor, Urn urn, Deprecation value) {
        return onExisting(actor, urn, GovernanceAspects.DEPRECATION, value, unit -> { });
    }

    public AspectVersion setAssertions(Actor actor, Urn urn, QualityAssertions value) {
        return onExisting(actor, urn, GovernanceAspects.QUALITY_ASSERTIONS, value, unit -> { });
    }

    public AspectVersion recordQualityRun(Actor actor, Urn urn, QualityRun value) {
        return onExisting(actor, urn, GovernanceAspects.QUALITY_RESULTS, value, unit -> { });
    }

    /** Creates or updates a glossary term; its parent must exist and must not be the term or one of its descendants. */
    public AspectVersion putTerm(Actor actor, Urn term, GlossaryTermInfo value) {
        return putHierarchyNode(actor, term, EntityType.GLOSSARY_TERM, GovernanceAspects.GLOSSARY_TERM_INFO, value, value.parentUrn(),
                value.name(), "glossary term");
    }

    /** Creates or updates a domain; like terms, domains nest without cycles. */
    public AspectVersion putDomain(Actor actor, Urn domain, DomainInfo value) {
        return putHierarchyNode(actor, domain, EntityType.DOMAIN, GovernanceAspects.DOMAIN_INFO, value, value.parentUrn(),
                value.name(), "domain");
    }

    private AspectVersion putHierarchyNode(Actor actor, Urn urn, EntityType type, AspectSpec<?> spec, AspectValue value, Urn parent,
                                           String name, String what) {
        actor.require(Role.WRITER);
        if (urn.type() != type) {
            throw new InvalidAspectException("'" + urn + "' is not a " + what + " URN");
        }
        String json = json(value);
        return store.write(actor, unit -> {
            if (parent != null) {
                requireExists(unit, parent, "parent " + what);
                if (parent.equals(urn)) {
                    throw new InvalidAspectException("a " + what + " cannot be its own parent");
                }
                // The parent's ancestors must not include this node: that would close a cycle.
                Map<String, Object> parameters = Map.of("parent", parent.toString(), "self", urn.toString());
                var path = unit.tx().run("""
                        MATCH p = (:Entity {urn: $parent})-[:CHILD_OF*0..%d]->(top:Entity)
                        RETURN max(length(p)) AS depth, any(n IN collect(top.urn) WHERE n = $self) AS cycle
                        """.formatted(MAX_HIERARCHY_DEPTH), parameters).single();
                if (path.get("cycle").asBoolean(false)) {
                    throw new InvalidAspectException("making " + parent + " the parent of " + urn + " would create a cycle in the "
                            + what + " hierarchy");
                }
                if (!path.get("depth").isNull() && path.get("depth").asInt() >= MAX_HIERARCHY_DEPTH - 1) {
                    throw new InvalidAspectException("the " + what + " hierarchy would be deeper than " + MAX_HIERARCHY_DEPTH + " levels");
                }
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("urn", urn.toString());
            parameters.put("type", type.urnName());
            parameters.put("name", name);
            parameters.put("now", unit.now().toEpochMilli());
            parameters.put("principal", actor.principal().toString());
            parameters.put("parent", parent == null ? null : parent.toString());
            // The label comes from a closed enum, never from input.
            unit.tx().run("MERGE (e:Entity {urn: $urn}) ON CREATE SET e:" + type.label() + """
                    , e.type = $type, e.createdAt = $now, e.createdBy = $principal
                    SET e.name = $name
                    WITH e
                    OPTIONAL MATCH (e)-[old:CHILD_OF]->()
                    DELETE old
                    WITH DISTINCT e
                    OPTIONAL MATCH (p:Entity {urn: $parent})
                    FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (e)-[:CHILD_OF]->(p))
                    """, parameters).consume();
            return writeAspect(unit, urn, spec, json);
        });
    }

    private AspectVersion onExisting(Actor actor, Urn urn, AspectSpec<?> spec, AspectValue value, java.util.function.Consumer<WriteTransaction> checks) {
        actor.require(Role.WRITER);
        if (!spec.appliesTo(urn.type())) {
            throw new InvalidAspectException("aspect '" + spec.name() + "' does not apply to " + urn.type().urnName() + " entities");
        }
        String json = json(value);
        return store.write(actor, unit -> {
            requireExists(unit, urn, urn.type().urnName());
            checks.accept(unit);
            return writeAspect(unit, urn, spec, json);
        });
    }

    /**
     * Mirrors an assignment aspect as edges, so that renaming a term or domain can find (page by page) every entity
     * whose search document shows its name. Runs after every check, so a refused write leaves the edges alone.
     */
    private static void link(WriteTransaction unit, Urn entity, String relationship, List<String> targets) {
        // The relationship type is one of two constants above, never input.
        unit.tx().run("MATCH (e:Entity {urn: $urn}) OPTIONAL MATCH (e)-[old:" + relationship + "]->() DELETE old", Map.of("urn", entity.toString()))
                .consume();
        unit.tx().run("MATCH (e:Entity {urn: $urn}) UNWIND $targets AS target MATCH (t:Entity {urn: target}) MERGE (e)-[:"
                + relationship + "]->(t)", Map.of("urn", entity.toString(), "targets", targets)).consume();
    }

    private static void requireExists(WriteTransaction unit, Urn urn, String what) {
        boolean exists = unit.tx().run("MATCH (e:Entity {urn: $urn}) WHERE NOT coalesce(e.removed, false) RETURN count(e) > 0 AS found",
                Map.of("urn", urn.toString())).single().get("found").asBoolean();
        if (!exists) {
            throw new GovernanceNotFoundException("no " + what + " " + urn);
        }
    }

    /** Users and groups become entities the first time they own something, so that search can list them. */
    private void knownPrincipal(WriteTransaction unit, Urn principal) {
        boolean created = unit.tx().run("""
                MERGE (e:Entity {urn: $urn})
                  ON CREATE SET e:Principal, e.type = 'principal', e.createdAt = $now, e.createdBy = $by, e.justCreated = true
                WITH e, coalesce(e.justCreated, false) AS created
                REMOVE e.justCreated
                RETURN created
                """, Map.of("urn", principal.toString(), "now", unit.now().toEpochMilli(), "by", unit.actor().principal().toString()))
                .single().get("created").asBoolean();
        if (created) {
            writeAspect(unit, principal, GovernanceAspects.PRINCIPAL_INFO,
                    json(new PrincipalInfo(principal.keyParts().get(0), principal.keyParts().get(1))));
        }
    }

    private static AspectVersion writeAspect(WriteTransaction unit, Urn urn, AspectSpec<?> spec, String json) {
        return EntityStore.writeVersion(unit, urn, spec.name(), json, java.util.OptionalLong.empty());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(List<Owner> owners) {
        return owners.stream().map(Owner::owner).toList();
    }
}
