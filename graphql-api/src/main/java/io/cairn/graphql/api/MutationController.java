package io.cairn.graphql.api;

import graphql.schema.DataFetchingEnvironment;
import io.cairn.graphql.error.GraphQlInputException;
import io.cairn.graphql.model.Node;
import io.cairn.graphql.read.GraphReads;
import io.cairn.graphql.read.Loaders;
import io.cairn.metadata.aspect.CoreAspects;
import io.cairn.metadata.aspect.CustomProperties;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.governance.Assertion;
import io.cairn.metadata.governance.AssertionResult;
import io.cairn.metadata.governance.Deprecation;
import io.cairn.metadata.governance.DomainAssignment;
import io.cairn.metadata.governance.DomainInfo;
import io.cairn.metadata.governance.GlossaryTermInfo;
import io.cairn.metadata.governance.GlossaryTerms;
import io.cairn.metadata.governance.GovernanceStore;
import io.cairn.metadata.governance.Owner;
import io.cairn.metadata.governance.Ownership;
import io.cairn.metadata.governance.QualityAssertions;
import io.cairn.metadata.governance.QualityRun;
import io.cairn.metadata.governance.Tags;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * Governance writes. The role is checked before anything else, so a reader learns nothing about the input's validity
 * or the entity's existence; the metadata service's records validate the values and {@link GovernanceStore} checks
 * every reference inside the write's own transaction, so a refused write changes nothing. Each answers the entity as
 * it is after the write, read fresh (the request's DataLoader caches are cleared).
 */
@Controller
public class MutationController {

    private final GovernanceStore governance;
    private final EntityStore entities;
    private final GraphReads reads;

    public MutationController(GovernanceStore governance, EntityStore entities, GraphReads reads) {
        this.governance = governance;
        this.entities = entities;
        this.reads = reads;
    }

    @MutationMapping
    public CompletableFuture<Node> updateDescription(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                                     @Argument String description, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> governance.setDescription(actor, target, new Description(description)));
    }

    @MutationMapping
    public CompletableFuture<Node> setOwners(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                             @Argument List<Inputs.OwnerInput> owners, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> governance.setOwnership(actor, target,
                new Ownership(owners.stream().map(o -> new Owner(o.principal(), o.ownershipType())).toList())));
    }

    @MutationMapping
    public CompletableFuture<Node> setTags(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                           @Argument List<String> tags, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> governance.setTags(actor, target, new Tags(tags)));
    }

    @MutationMapping
    public CompletableFuture<Node> setGlossaryTerms(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                                    @Argument List<String> terms, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> governance.setGlossaryTerms(actor, target, new GlossaryTerms(terms)));
    }

    @MutationMapping
    public CompletableFuture<Node> setDomain(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                             @Argument String domain, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> governance.setDomain(actor, target, new DomainAssignment(domain)));
    }

    @MutationMapping
    public CompletableFuture<Node> setDeprecation(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                                  @Argument Inputs.DeprecationInput deprecation, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> governance.setDeprecation(actor, target,
                new Deprecation(deprecation.deprecated(), deprecation.note(), deprecation.decommissionDate())));
    }

    @MutationMapping
    public CompletableFuture<Node> setCustomProperties(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                                       @Argument List<Inputs.PropertyInput> properties, DataFetchingEnvironment env) {
        return write(actor, env, urn, target -> {
            CustomProperties value = new CustomProperties(map(properties, "properties"));
            // EntityStore creates missing entities; a governance write must not, so the entity has to exist first.
            if (!reads.exists(target.toString())) {
                throw GraphQlInputException.notFound("no " + target.type().urnName() + " " + target);
            }
            entities.put(actor, target, CoreAspects.CUSTOM_PROPERTIES, value, OptionalLong.empty());
        });
    }

    @MutationMapping
    public CompletableFuture<Node> upsertGlossaryTerm(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String id,
                                                      @Argument Inputs.GlossaryTermInput term, DataFetchingEnvironment env) {
        actor.require(Role.WRITER);
        Urn urn = Urn.of(EntityType.GLOSSARY_TERM, List.of(id));
        return written(env, urn, () -> governance.putTerm(actor, urn, new GlossaryTermInfo(term.name(), term.definition(), term.parent())));
    }

    @MutationMapping
    public CompletableFuture<Node> upsertDomain(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String id,
                                                @Argument Inputs.DomainInput domain, DataFetchingEnvironment env) {
        actor.require(Role.WRITER);
        Urn urn = Urn.of(EntityType.DOMAIN, List.of(id));
        return written(env, urn, () -> governance.putDomain(actor, urn, new DomainInfo(domain.name(), domain.description(), domain.parent())));
    }

    @MutationMapping
    public CompletableFuture<Node> setQualityAssertions(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String datasetUrn,
                                                        @Argument List<Inputs.AssertionInput> assertions, DataFetchingEnvironment env) {
        return write(actor, env, datasetUrn, target -> governance.setAssertions(actor, target, new QualityAssertions(assertions.stream()
                .map(a -> new Assertion(a.id(), a.kind(), a.column(), a.description(), map(a.parameters(), "parameters"))).toList())));
    }

    @MutationMapping
    public CompletableFuture<Node> recordQualityResults(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String datasetUrn,
                                                        @Argument Inputs.QualityRunInput run, DataFetchingEnvironment env) {
        return write(actor, env, datasetUrn, target -> governance.recordQualityRun(actor, target, new QualityRun(run.runId(), run.at(),
                run.results().stream().map(r -> new AssertionResult(r.assertion(), r.kind(), r.column(), r.success(), r.actual())).toList())));
    }

    private CompletableFuture<Node> write(Actor actor, DataFetchingEnvironment env, String urn, java.util.function.Consumer<Urn> write) {
        actor.require(Role.WRITER);
        Urn target = Urn.parse(urn);
        return written(env, target, () -> write.accept(target));
    }

    private static CompletableFuture<Node> written(DataFetchingEnvironment env, Urn urn, Runnable write) {
        write.run();
        Loaders.forgetAll(env);
        return Loaders.entity(env, urn.toString()).thenApply(node -> {
            if (node == null) {
                throw GraphQlInputException.notFound("no " + urn.type().urnName() + " " + urn);
            }
            return node;
        });
    }

    private static Map<String, String> map(List<Inputs.PropertyInput> properties, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        if (properties == null) {
            return map;
        }
        for (Inputs.PropertyInput property : properties) {
            if (map.put(property.key(), property.value()) != null) {
                throw new InvalidAspectException(field + " names the key '" + property.key() + "' twice");
            }
        }
        return map;
    }
}
