package io.cairn.graphql.api;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.cairn.graphql.model.Column;
import io.cairn.graphql.model.Namespace;
import io.cairn.graphql.model.Node;
import io.cairn.graphql.model.Principal;
import io.cairn.graphql.model.Views;
import io.cairn.graphql.port.LineageSource;
import io.cairn.graphql.port.SearchSource;
import io.cairn.graphql.read.AspectValues;
import io.cairn.graphql.read.GraphReads;
import io.cairn.graphql.read.Loaders;
import io.cairn.graphql.read.Relation;
import io.cairn.graphql.support.Connection;
import io.cairn.graphql.support.Cursors;
import io.cairn.graphql.support.PageSize;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.governance.Health;
import io.cairn.metadata.governance.Ownership;
import io.cairn.metadata.governance.QualityAssertions;
import io.cairn.metadata.governance.QualityRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * Fields of datasets, columns, namespaces, jobs and runs, and of the lineage and search answers. Lists of related
 * entities go through the batched relation and entity loaders; paged lists (schema versions, runs, quality runs, a
 * namespace's tables) are one bounded query per page.
 */
public final class CatalogLineageFields implements RuntimeWiringConfigurer {

    private static final int MAX_PAGE = 200;

    private final GraphReads reads;
    private final AspectValues values;

    public CatalogLineageFields(GraphReads reads, AspectValues values) {
        this.reads = reads;
        this.values = values;
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.type("Dataset", t -> t
                .dataFetcher("names", env -> Loaders.aliases(env, urn(env)).thenApply(keys -> keys.stream().map(Views.DatasetAlias::of).toList()))
                .dataFetcher("namespace", env -> Loaders.relatedEntity(env, urn(env), Relation.NAMESPACE))
                .dataFetcher("properties", env -> Loaders.aspect(env, urn(env), "datasetProperties").thenApply(this::jsonProperties))
                .dataFetcher("columns", env -> Loaders.relatedEntities(env, urn(env), Relation.COLUMNS))
                .dataFetcher("schemaVersions", this::schemaVersions)
                .dataFetcher("currentSnapshot", env -> Loaders.aspect(env, urn(env), "currentSnapshot").thenApply(this::snapshot))
                .dataFetcher("health", env -> qualityRun(env).thenApply(run -> run == null ? Health.UNKNOWN : run.health()))
                .dataFetcher("freshness", env -> Loaders.freshness(env, urn(env)))
                .dataFetcher("qualityAssertions", env -> Loaders.aspect(env, urn(env), "qualityAssertions")
                        .thenApply(v -> v == null ? List.of() : values.read(v, QualityAssertions.class).assertions()))
                .dataFetcher("latestQualityRun", this::qualityRun)
                .dataFetcher("qualityRuns", this::qualityRuns)
                .dataFetcher("runs", env -> runs(env, false))
                .dataFetcher("readBy", env -> Loaders.relatedEntities(env, urn(env), Relation.READ_BY))
                .dataFetcher("writtenBy", env -> Loaders.relatedEntities(env, urn(env), Relation.WRITTEN_BY)));
        wiring.type("Column", t -> t
                .dataFetcher("dataset", env -> Loaders.entity(env, ((Column) env.getSource()).datasetUrn()))
                .dataFetcher("upstream", env -> Loaders.columnEdges(env, urn(env), true))
                .dataFetcher("downstream", env -> Loaders.columnEdges(env, urn(env), false)));
        wiring.type("ColumnLineageEdge", t -> t
                .dataFetcher("from", env -> Loaders.entity(env, ((LineageSource.ColumnLink) env.getSource()).from()))
                .dataFetcher("to", env -> Loaders.entity(env, ((LineageSource.ColumnLink) env.getSource()).to()))
                .dataFetcher("job", env -> Loaders.entity(env, ((LineageSource.ColumnLink) env.getSource()).job()))
                .dataFetcher("lastRun", env -> Loaders.entity(env, ((LineageSource.ColumnLink) env.getSource()).lastRun())));
        wiring.type("Namespace", t -> t
                .dataFetcher("properties", env -> properties(values.tree(((Namespace) env.getSource()).propertiesJson())))
                .dataFetcher("datasets", this::namespaceDatasets));
        wiring.type("Job", t -> t
                .dataFetcher("inputs", env -> Loaders.relatedEntities(env, urn(env), Relation.JOB_INPUTS))
                .dataFetcher("outputs", env -> Loaders.relatedEntities(env, urn(env), Relation.JOB_OUTPUTS))
                .dataFetcher("facets", env -> Loaders.facets(env, urn(env)))
                .dataFetcher("runs", env -> runs(env, true)));
        wiring.type("Run", t -> t
                .dataFetcher("job", env -> Loaders.relatedEntity(env, urn(env), Relation.RUN_JOB))
                .dataFetcher("facets", env -> Loaders.facets(env, urn(env)))
                .dataFetcher("parent", env -> Loaders.relatedEntity(env, urn(env), Relation.RUN_PARENT))
                .dataFetcher("children", env -> Loaders.relatedEntities(env, urn(env), Relation.RUN_CHILDREN))
                .dataFetcher("inputs", env -> Loaders.relatedEntities(env, urn(env), Relation.RUN_INPUTS))
                .dataFetcher("outputs", env -> Loaders.relatedEntities(env, urn(env), Relation.RUN_OUTPUTS)));
        wiring.type("Freshness", t -> t.dataFetcher("lastWrittenBy", env -> Loaders.entity(env, ((Views.Freshness) env.getSource()).lastWrittenRunUrn())));
        wiring.type("LineageGraph", t -> t.dataFetcher("nodes", env -> Loaders.entities(env, ((ResultViews.LineageGraphView) env.getSource()).nodeUrns())));
        wiring.type("LineageEdge", t -> t
                .dataFetcher("from", env -> Loaders.entity(env, ((LineageSource.Link) env.getSource()).from()))
                .dataFetcher("to", env -> Loaders.entity(env, ((LineageSource.Link) env.getSource()).to()))
                .dataFetcher("job", env -> Loaders.entity(env, ((LineageSource.Link) env.getSource()).job())));
        wiring.type("ColumnLineageGraph", t -> t.dataFetcher("nodes", env -> Loaders.entities(env, ((ResultViews.ColumnLineageGraphView) env.getSource()).nodeUrns())));
        wiring.type("Impact", t -> t
                .dataFetcher("columns", env -> Loaders.entities(env, ((ResultViews.ImpactView) env.getSource()).set().columns()))
                .dataFetcher("datasets", env -> Loaders.entities(env, ((ResultViews.ImpactView) env.getSource()).set().datasets()))
                .dataFetcher("jobs", env -> Loaders.entities(env, ((ResultViews.ImpactView) env.getSource()).set().jobs()))
                .dataFetcher("owners", this::impactedOwners));
        wiring.type("ImpactedOwner", t -> t.dataFetcher("owns", env -> Loaders.entities(env, ((ResultViews.ImpactedOwnerView) env.getSource()).ownsUrns())));
        wiring.type("SearchResult", t -> t
                .dataFetcher("dataset", env -> typed(env, "DATASET"))
                .dataFetcher("job", env -> typed(env, "JOB"))
                .dataFetcher("entity", env -> Loaders.entity(env, ((SearchSource.Hit) env.getSource()).urn()))
                .dataFetcher("highlights", env -> {
                    Map<String, List<String>> highlights = ((SearchSource.Hit) env.getSource()).highlights();
                    return highlights == null ? List.of() : highlights.entrySet().stream()
                            .map(e -> new Views.Highlight(e.getKey(), e.getValue())).toList();
                }));
    }

    private static String urn(DataFetchingEnvironment env) {
        return ((Node) env.getSource()).urn();
    }

    private static CompletableFuture<Node> typed(DataFetchingEnvironment env, String type) {
        SearchSource.Hit hit = env.getSource();
        return Loaders.entity(env, type.equals(hit.type()) ? hit.urn() : null);
    }

    private CompletableFuture<QualityRun> qualityRun(DataFetchingEnvironment env) {
        return Loaders.aspect(env, urn(env), "qualityResults").thenApply(v -> values.read(v, QualityRun.class));
    }

    private Connection<Views.SchemaVersion> schemaVersions(DataFetchingEnvironment env) {
        int size = PageSize.of(env.getArgument("first"), 20, MAX_PAGE);
        String after = env.getArgument("after");
        List<AspectVersion> versions = reads.history(urn(env), "schema", size + 1, after == null ? null : Cursors.decodeLong(after));
        List<Views.SchemaVersion> rows = versions.stream().map(v -> {
            JsonNode value = values.tree(v.valueJson());
            return new Views.SchemaVersion(v.version(), value.path("schemaId").isInt() ? value.path("schemaId").asInt() : null,
                    value.path("schema").isTextual() ? value.path("schema").asText() : value.path("schema").toString(),
                    v.createdAt().toString(), v.createdBy());
        }).toList();
        return Connection.of(rows, size, after != null, row -> Long.toString(row.version()));
    }

    private Connection<QualityRun> qualityRuns(DataFetchingEnvironment env) {
        int size = PageSize.of(env.getArgument("first"), 20, MAX_PAGE);
        String after = env.getArgument("after");
        List<AspectVersion> versions = reads.history(urn(env), "qualityResults", size + 1, after == null ? null : Cursors.decodeLong(after));
        Connection<AspectVersion> page = Connection.of(versions, size, after != null, version -> Long.toString(version.version()));
        List<Connection.Edge<QualityRun>> edges = page.edges().stream()
                .map(edge -> new Connection.Edge<>(edge.cursor(), values.read(edge.node(), QualityRun.class))).toList();
        return new Connection<>(edges, page.pageInfo());
    }

    private CompletableFuture<Connection<Node>> runs(DataFetchingEnvironment env, boolean ofJob) {
        int size = PageSize.of(env.getArgument("first"), 20, MAX_PAGE);
        String after = env.getArgument("after");
        GraphReads.RunPosition from = null;
        if (after != null) {
            String position = Cursors.decode(after);
            int split = position.indexOf('|');
            try {
                from = new GraphReads.RunPosition(position.substring(split + 1), Long.parseLong(position.substring(0, split)));
            } catch (RuntimeException e) {
                throw io.cairn.graphql.error.GraphQlInputException.badInput("'" + after + "' is not a cursor this server handed out");
            }
        }
        List<GraphReads.RunPosition> rows = reads.runs(urn(env), ofJob, size + 1, from);
        Connection<GraphReads.RunPosition> page = Connection.of(rows, size, after != null, row -> row.sortKey() + "|" + row.urn());
        return Loaders.entities(env, page.edges().stream().map(edge -> edge.node().urn()).toList()).thenApply(nodes -> {
            List<Connection.Edge<Node>> edges = new ArrayList<>();
            for (int i = 0; i < nodes.size() && i < page.edges().size(); i++) {
                edges.add(new Connection.Edge<>(page.edges().get(i).cursor(), nodes.get(i)));
            }
            return new Connection<>(edges, page.pageInfo());
        });
    }

    private CompletableFuture<Connection<Node>> namespaceDatasets(DataFetchingEnvironment env) {
        Namespace namespace = env.getSource();
        int size = PageSize.of(env.getArgument("first"), 100, 500);
        String after = env.getArgument("after");
        List<List<String>> rows = reads.namespaceDatasets(namespace.warehouse(), namespace.key(), size + 1, Cursors.decode(after));
        Connection<List<String>> page = Connection.of(rows, size, after != null, row -> row.get(0));
        return Loaders.entities(env, page.edges().stream().map(edge -> edge.node().get(1)).toList()).thenApply(nodes -> {
            Map<String, Node> byUrn = new LinkedHashMap<>();
            nodes.forEach(node -> byUrn.put(node.urn(), node));
            List<Connection.Edge<Node>> edges = new ArrayList<>();
            for (Connection.Edge<List<String>> edge : page.edges()) {
                Node node = byUrn.get(edge.node().get(1));
                if (node != null) {
                    edges.add(new Connection.Edge<>(edge.cursor(), node));
                }
            }
            return new Connection<>(edges, page.pageInfo());
        });
    }

    private CompletableFuture<List<ResultViews.ImpactedOwnerView>> impactedOwners(DataFetchingEnvironment env) {
        LineageSource.ImpactSet set = ((ResultViews.ImpactView) env.getSource()).set();
        List<String> owned = new ArrayList<>(set.datasets());
        owned.addAll(set.jobs());
        List<CompletableFuture<AspectVersion>> versions = owned.stream().map(urn -> Loaders.aspect(env, urn, "ownership")).toList();
        return CompletableFuture.allOf(versions.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, List<String>> byOwner = new LinkedHashMap<>();
            for (int i = 0; i < owned.size(); i++) {
                for (Views.Ownership owner : GovernanceFields.ownerships(values.read(versions.get(i).join(), Ownership.class))) {
                    List<String> list = byOwner.computeIfAbsent(owner.principal().urn(), k -> new ArrayList<>());
                    if (!list.contains(owned.get(i))) {
                        list.add(owned.get(i));
                    }
                }
            }
            return byOwner.entrySet().stream().map(e -> new ResultViews.ImpactedOwnerView(
                    Principal.of(io.cairn.metadata.urn.Urn.parse(e.getKey())), e.getValue())).toList();
        });
    }

    private List<Views.Property> jsonProperties(AspectVersion version) {
        return version == null ? List.of() : properties(values.tree(version.valueJson()));
    }

    private static List<Views.Property> properties(JsonNode object) {
        List<Views.Property> properties = new ArrayList<>();
        object.fields().forEachRemaining(e -> properties.add(new Views.Property(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
        return properties;
    }

    private Views.Snapshot snapshot(AspectVersion version) {
        if (version == null) {
            return null;
        }
        JsonNode value = values.tree(version.valueJson());
        if (!value.has("snapshotId")) {
            return null;
        }
        return new Views.Snapshot(value.path("snapshotId").asText(),
                value.path("timestampMs").isNumber() ? Instant.ofEpochMilli(value.path("timestampMs").asLong()).toString() : null,
                value.path("operation").asText(null), properties(value.path("summary")));
    }
}
