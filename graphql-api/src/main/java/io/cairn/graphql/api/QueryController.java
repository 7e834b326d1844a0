package io.cairn.graphql.api;

import graphql.schema.DataFetchingEnvironment;
import io.cairn.graphql.error.GraphQlInputException;
import io.cairn.graphql.model.Node;
import io.cairn.graphql.model.Principal;
import io.cairn.graphql.model.Views;
import io.cairn.graphql.port.LineageDirection;
import io.cairn.graphql.port.LineageSource;
import io.cairn.graphql.port.SearchSource;
import io.cairn.graphql.read.GraphReads;
import io.cairn.graphql.read.Loaders;
import io.cairn.graphql.support.Connection;
import io.cairn.graphql.support.Cursors;
import io.cairn.graphql.support.PageSize;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.AuditLog;
import io.cairn.metadata.changelog.AuditPage;
import io.cairn.metadata.changelog.AuditQuery;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The root queries. Each checks the caller's role and its arguments, then hands back URNs or records whose fields the
 * field resolvers load in batches.
 */
@Controller
public class QueryController {

    /** The catalog-table naming {@code dataset(namespace, name)} accepts (see the schema). */
    static final String CATALOG_NAMESPACE = "iceberg";

    private final GraphReads reads;
    private final LineageSource lineage;
    private final SearchSource search;
    private final AuditLog audit;

    public QueryController(GraphReads reads, LineageSource lineage, SearchSource search, AuditLog audit) {
        this.reads = reads;
        this.lineage = lineage;
        this.search = search;
        this.audit = audit;
    }

    @QueryMapping
    public ResultViews.SearchConnectionView search(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String query,
                                                   @Argument List<Inputs.FacetFilter> filters, @Argument Integer first, @Argument String after) {
        actor.require(Role.READER);
        int size = PageSize.of(first, 20, search.maxPage());
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (Inputs.FacetFilter filter : filters == null ? List.<Inputs.FacetFilter>of() : filters) {
            if (filter.values().isEmpty()) {
                throw GraphQlInputException.badInput("filter on '" + filter.field() + "' has no values");
            }
            byField.computeIfAbsent(filter.field(), k -> new ArrayList<>()).addAll(filter.values());
        }
        SearchSource.SearchPage page = search.search(query, byField, size, after == null || after.isEmpty() ? null : after);
        List<Connection.Edge<SearchSource.Hit>> edges = new ArrayList<>();
        for (int i = 0; i < page.hits().size(); i++) {
            boolean last = i == page.hits().size() - 1;
            edges.add(new Connection.Edge<>(last ? page.nextCursor() : null, page.hits().get(i)));
        }
        List<Views.SearchFacet> facets = page.facets().entrySet().stream().map(e -> new Views.SearchFacet(e.getKey(),
                e.getValue().stream().map(c -> new Views.FacetValue(c.value(), c.count())).toList())).toList();
        return new ResultViews.SearchConnectionView(edges, facets, page.totalCount(),
                new Connection.PageInfo(page.nextCursor() != null, after != null, null, page.nextCursor()));
    }

    @QueryMapping
    public CompletableFuture<Node> dataset(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                           @Argument String namespace, @Argument String name, DataFetchingEnvironment env) {
        actor.require(Role.READER);
        if (urn != null) {
            if (namespace != null || name != null) {
                throw GraphQlInputException.badInput("give either urn, or namespace and name, not both");
            }
            return Loaders.entity(env, reads.followMerges(typed(urn, EntityType.DATASET).toString()));
        }
        if (namespace == null || name == null || namespace.isBlank() || name.isBlank()) {
            throw GraphQlInputException.badInput("dataset needs a urn, or a namespace and a name");
        }
        return Loaders.entity(env, reads.datasetByAlias(aliasKeys(namespace, name)).orElse(null));
    }

    /** Every alias key a namespace + name can denote: the OpenLineage pair and its derived names, or a catalog table. */
    static List<String> aliasKeys(String namespace, String name) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        if (namespace.strip().equals(CATALOG_NAMESPACE)) {
            keys.add(CATALOG_NAMESPACE + ":" + name.strip());
        }
        DatasetName.fromOpenLineage(namespace, name).forEach(n -> keys.add(n.key()));
        return List.copyOf(keys);
    }

    @QueryMapping
    public CompletableFuture<Node> entity(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn, DataFetchingEnvironment env) {
        actor.require(Role.READER);
        return Loaders.entity(env, Urn.parse(urn).toString());
    }

    @QueryMapping
    public CompletableFuture<Node> job(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn, @Argument String namespace,
                                       @Argument String name, DataFetchingEnvironment env) {
        actor.require(Role.READER);
        if (urn != null) {
            return Loaders.entity(env, typed(urn, EntityType.JOB).toString());
        }
        if (namespace == null || name == null) {
            throw GraphQlInputException.badInput("job needs a urn, or a namespace and a name");
        }
        return Loaders.entity(env, reads.jobByName(namespace, name).orElse(null));
    }

    @QueryMapping
    public CompletableFuture<Node> run(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn, @Argument String runId,
                                       DataFetchingEnvironment env) {
        actor.require(Role.READER);
        if (urn != null) {
            return Loaders.entity(env, typed(urn, EntityType.RUN).toString());
        }
        if (runId == null) {
            throw GraphQlInputException.badInput("run needs a urn or a runId");
        }
        try {
            return Loaders.entity(env, Urn.run(java.util.UUID.fromString(runId.strip())).toString());
        } catch (IllegalArgumentException e) {
            throw GraphQlInputException.badInput("runId '" + runId + "' is not a UUID");
        }
    }

    @QueryMapping
    public CompletableFuture<Node> namespace(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn, DataFetchingEnvironment env) {
        actor.require(Role.READER);
        return Loaders.entity(env, typed(urn, EntityType.NAMESPACE).toString());
    }

    @QueryMapping
    public ResultViews.LineageGraphView lineage(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                                @Argument LineageDirection direction, @Argument Integer depth, @Argument Integer first,
                                                @Argument String after) {
        actor.require(Role.READER);
        Urn start = Urn.parse(urn);
        if (start.type() != EntityType.DATASET && start.type() != EntityType.JOB) {
            throw GraphQlInputException.badInput("lineage starts at a dataset or a job, not a " + start.type().urnName());
        }
        int hops = depth(depth == null ? 1 : depth);
        int size = PageSize.of(first, lineage.maxNodes(), lineage.maxNodes());
        int offset = after == null ? 0 : (int) Cursors.decodeLong(after);
        String from = start.type() == EntityType.DATASET ? reads.followMerges(start.toString()) : start.toString();
        LineageSource.DatasetLineage graph = lineage.lineage(from, direction == null ? LineageDirection.BOTH : direction, hops);
        List<String> all = graph.nodes();
        int end = Math.min(all.size(), offset + size);
        List<String> page = offset >= all.size() ? List.of() : all.subList(offset, end);
        Set<String> seen = new HashSet<>(all.subList(0, Math.max(0, end)));
        Set<String> inPage = new HashSet<>(page);
        List<LineageSource.Link> edges = graph.links().stream()
                .filter(l -> seen.contains(l.from()) && seen.contains(l.to()) && (inPage.contains(l.from()) || inPage.contains(l.to()))).toList();
        boolean more = end < all.size();
        return new ResultViews.LineageGraphView(page, edges, graph.truncated(), new Connection.PageInfo(more, offset > 0,
                page.isEmpty() ? null : Cursors.encode(Integer.toString(offset)), Cursors.encode(Integer.toString(end))));
    }

    @QueryMapping
    public ResultViews.ColumnLineageGraphView columnLineage(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String datasetUrn,
                                                            @Argument String column, @Argument LineageDirection direction, @Argument Integer depth) {
        actor.require(Role.READER);
        Urn dataset = Urn.parse(reads.followMerges(typed(datasetUrn, EntityType.DATASET).toString()));
        if (column.isBlank()) {
            throw GraphQlInputException.badInput("column must not be empty");
        }
        LineageSource.ColumnLineage graph = lineage.columnLineage(Urn.column(dataset.uuid(), column).toString(),
                direction == null ? LineageDirection.UPSTREAM : direction, depth(depth == null ? 3 : depth));
        return new ResultViews.ColumnLineageGraphView(graph.columns(), graph.links(), graph.truncated());
    }

    @QueryMapping
    public ResultViews.ImpactView impact(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String datasetUrn, @Argument String column) {
        actor.require(Role.READER);
        Urn dataset = Urn.parse(reads.followMerges(typed(datasetUrn, EntityType.DATASET).toString()));
        if (column != null && column.isBlank()) {
            throw GraphQlInputException.badInput("column must not be empty");
        }
        return new ResultViews.ImpactView(lineage.impact(dataset.toString(), column == null ? null : Urn.column(dataset.uuid(), column).toString()));
    }

    @QueryMapping
    public Connection<AuditEventView> auditLog(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument String urn,
                                               @Argument String principal, @Argument Integer first, @Argument String after) {
        actor.require(Role.READER);
        int size = PageSize.of(first, 50, AuditQuery.MAX_LIMIT);
        Optional<String> entity = Optional.ofNullable(urn).map(u -> Urn.parse(u).toString());
        Optional<String> by = Optional.ofNullable(principal).map(p -> typed(p, EntityType.PRINCIPAL).toString());
        OptionalLong cursor = after == null ? OptionalLong.empty() : OptionalLong.of(Cursors.decodeLong(after));
        AuditPage page = audit.page(new AuditQuery(entity, by, Optional.empty(), cursor, size));
        List<Connection.Edge<AuditEventView>> edges = page.events().stream()
                .map(event -> new Connection.Edge<>(Cursors.encode(Long.toString(event.seq())), AuditEventView.of(event))).toList();
        return new Connection<>(edges, new Connection.PageInfo(page.nextCursor().isPresent(), after != null,
                edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }

    @QueryMapping
    public CompletableFuture<Connection<Node>> glossaryTerms(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument Integer first,
                                                             @Argument String after, DataFetchingEnvironment env) {
        actor.require(Role.READER);
        return listed(env, "GlossaryTerm", first, after);
    }

    @QueryMapping
    public CompletableFuture<Connection<Node>> domains(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor, @Argument Integer first,
                                                       @Argument String after, DataFetchingEnvironment env) {
        actor.require(Role.READER);
        return listed(env, "Domain", first, after);
    }

    @QueryMapping
    public Views.Me me(@ContextValue(name = Actors.CONTEXT_KEY) Actor actor) {
        return new Views.Me(Principal.of(actor.principal()), actor.role().wireName());
    }

    private CompletableFuture<Connection<Node>> listed(DataFetchingEnvironment env, String label, Integer first, String after) {
        int size = PageSize.of(first, 100, 500);
        List<String> urns = reads.byLabel(label, size + 1, Cursors.decode(after));
        Connection<String> page = Connection.of(urns, size, after != null, u -> u);
        return Loaders.entities(env, page.edges().stream().map(Connection.Edge::node).toList()).thenApply(nodes -> new Connection<>(
                nodes.stream().map(node -> new Connection.Edge<>(Cursors.encode(node.urn()), node)).toList(), page.pageInfo()));
    }

    private int depth(int requested) {
        if (requested < 0) {
            throw GraphQlInputException.badInput("depth must be 0 or more");
        }
        if (requested > lineage.maxDepth()) {
            throw GraphQlInputException.limitExceeded("depth is " + requested + "; lineage walks at most " + lineage.maxDepth() + " hops");
        }
        return requested;
    }

    private static Urn typed(String urn, EntityType type) {
        Urn parsed = Urn.parse(urn);
        if (parsed.type() != type) {
            throw GraphQlInputException.badInput("'" + urn + "' is not a " + type.urnName() + " URN");
        }
        return parsed;
    }
}
