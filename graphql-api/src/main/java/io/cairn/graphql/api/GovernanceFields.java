package io.cairn.graphql.api;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.cairn.graphql.model.Column;
import io.cairn.graphql.model.Domain;
import io.cairn.graphql.model.GlossaryTerm;
import io.cairn.graphql.model.Node;
import io.cairn.graphql.model.Principal;
import io.cairn.graphql.model.Views;
import io.cairn.graphql.read.AspectValues;
import io.cairn.graphql.read.Loaders;
import io.cairn.graphql.read.Relation;
import io.cairn.metadata.aspect.CustomProperties;
import io.cairn.metadata.aspect.Description;
import io.cairn.metadata.governance.Assertion;
import io.cairn.metadata.governance.Deprecation;
import io.cairn.metadata.governance.DomainAssignment;
import io.cairn.metadata.governance.DomainInfo;
import io.cairn.metadata.governance.GlossaryTermInfo;
import io.cairn.metadata.governance.GlossaryTerms;
import io.cairn.metadata.governance.Ownership;
import io.cairn.metadata.governance.Tags;
import io.cairn.metadata.urn.Urn;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The governance fields every entity type shares (description, owners, tags, terms, domain, deprecation, custom
 * properties) and those of glossary terms and domains. Each reads the newest aspect version through the batched aspect
 * loader, so a page of N entities asking for owners and tags costs one Neo4j statement, not 2N.
 */
public final class GovernanceFields implements RuntimeWiringConfigurer {

    private static final List<String> ALL = List.of("Namespace", "Dataset", "Column", "Job", "Run", "Principal", "GlossaryTerm", "Domain");
    private static final List<String> OWNABLE = List.of("Namespace", "Dataset", "Job", "GlossaryTerm", "Domain");
    private static final List<String> LABELLED = List.of("Dataset", "Column", "Job");
    private static final List<String> IN_DOMAIN = List.of("Dataset", "Job", "GlossaryTerm");
    private static final List<String> DEPRECATABLE = List.of("Dataset", "Column", "Job", "GlossaryTerm");

    private final AspectValues values;

    public GovernanceFields(AspectValues values) {
        this.values = values;
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        ALL.forEach(type -> wiring.type(type, t -> t.dataFetcher("description", this::description)));
        OWNABLE.forEach(type -> wiring.type(type, t -> t.dataFetcher("owners", this::owners)));
        LABELLED.forEach(type -> wiring.type(type, t -> t
                .dataFetcher("tags", env -> aspect(env, "tags", Tags.class).thenApply(tags -> tags == null ? List.of() : tags.tags()))
                .dataFetcher("glossaryTerms", env -> aspect(env, "glossaryTerms", GlossaryTerms.class)
                        .thenApply(terms -> terms == null ? List.of() : terms.terms().stream().map(GovernanceFields::termReference).toList()))));
        IN_DOMAIN.forEach(type -> wiring.type(type, t -> t.dataFetcher("domain", env -> aspect(env, "domain", DomainAssignment.class)
                .thenApply(domain -> domain == null || domain.domain() == null ? null : domainReference(domain.domain())))));
        DEPRECATABLE.forEach(type -> wiring.type(type, t -> t.dataFetcher("deprecation", env -> aspect(env, "deprecation", Deprecation.class)
                .thenApply(d -> d == null ? null : new Views.Deprecation(d.deprecated(), d.note(), d.decommissionDate())))));
        wiring.type("Dataset", t -> t.dataFetcher("customProperties", env -> aspect(env, "customProperties", CustomProperties.class)
                .thenApply(p -> p == null ? List.of() : properties(p.properties()))));
        wiring.type("Assertion", t -> t.dataFetcher("parameters", env -> properties(((Assertion) env.getSource()).parameters())));
        wiring.type("GlossaryTerm", t -> t
                .dataFetcher("definition", env -> aspect(env, "glossaryTermInfo", GlossaryTermInfo.class).thenApply(i -> i == null ? null : i.definition()))
                .dataFetcher("parent", env -> aspect(env, "glossaryTermInfo", GlossaryTermInfo.class)
                        .thenApply(i -> i == null || i.parent() == null ? null : termReference(i.parent())))
                .dataFetcher("name", env -> referencedName(env, ((GlossaryTerm) env.getSource()).name()))
                .dataFetcher("children", children()));
        wiring.type("Domain", t -> t
                .dataFetcher("parent", env -> aspect(env, "domainInfo", DomainInfo.class)
                        .thenApply(i -> i == null || i.parent() == null ? null : domainReference(i.parent())))
                .dataFetcher("name", env -> referencedName(env, ((Domain) env.getSource()).name()))
                .dataFetcher("children", children()));
    }

    private Object description(DataFetchingEnvironment env) {
        Node node = env.getSource();
        CompletableFuture<String> written = aspect(env, "description", Description.class).thenApply(d -> d == null ? null : d.text());
        if (node instanceof Column column) {
            return written.thenApply(text -> text != null ? text : column.sourceDescription());
        }
        if (node instanceof Domain) {
            // Both loads start now: a load started in a callback of another would never be dispatched.
            CompletableFuture<DomainInfo> info = aspect(env, "domainInfo", DomainInfo.class);
            return written.thenCombine(info, (text, i) -> text != null ? text : i == null ? null : i.description());
        }
        return written;
    }

    /** A term named in an aspect; its name (and everything else) loads at the next level, in one batch. */
    private static GlossaryTerm termReference(String urn) {
        return new GlossaryTerm(urn, Urn.parse(urn).keyParts().get(0), null);
    }

    private static Domain domainReference(String urn) {
        return new Domain(urn, Urn.parse(urn).keyParts().get(0), null);
    }

    private static Object referencedName(DataFetchingEnvironment env, String known) {
        if (known != null) {
            return known;
        }
        Node node = env.getSource();
        return Loaders.entity(env, node.urn()).thenApply(found -> {
            if (found instanceof GlossaryTerm term) {
                return term.name();
            }
            if (found instanceof Domain domain) {
                return domain.name();
            }
            return Urn.parse(node.urn()).keyParts().get(0);
        });
    }

    private CompletableFuture<List<Views.Ownership>> owners(DataFetchingEnvironment env) {
        return aspect(env, "ownership", Ownership.class).thenApply(GovernanceFields::ownerships);
    }

    static List<Views.Ownership> ownerships(Ownership ownership) {
        return ownership == null ? List.of() : ownership.owners().stream()
                .map(owner -> new Views.Ownership(Principal.of(owner.urn()), owner.type().name())).toList();
    }

    private static DataFetcher<CompletableFuture<List<Node>>> children() {
        return env -> Loaders.relatedEntities(env, ((Node) env.getSource()).urn(), Relation.CHILDREN);
    }

    private <T> CompletableFuture<T> aspect(DataFetchingEnvironment env, String aspect, Class<T> type) {
        return Loaders.aspect(env, ((Node) env.getSource()).urn(), aspect).thenApply(version -> values.read(version, type));
    }

    static List<Views.Property> properties(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new Views.Property(e.getKey(), e.getValue())).toList();
    }
}
