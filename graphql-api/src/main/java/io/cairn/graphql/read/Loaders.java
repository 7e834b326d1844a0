package io.cairn.graphql.read;

import graphql.schema.DataFetchingEnvironment;
import io.cairn.graphql.model.Node;
import io.cairn.graphql.model.Views;
import io.cairn.graphql.port.LineageSource.ColumnLink;
import io.cairn.metadata.aspect.AspectVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import reactor.core.publisher.Mono;

/**
 * The request-scoped DataLoaders: entities, latest aspects, relationships, column edges, facets and freshness, each
 * answered by one {@link GraphReads} batch per dispatch. Resolvers go through the static accessors, so no resolver
 * reads Neo4j for a single entity. graphql-java 24 dispatches per level and cannot chain DataLoaders: a resolver must
 * make all its loads while it runs, never in a callback of another load (which would never be dispatched); entities
 * named inside an aspect are therefore returned as references whose details load at the next level.
 */
public final class Loaders {

    private static final String ENTITIES = "cairn.entities";
    private static final String ASPECTS = "cairn.aspects";
    private static final String RELATIONS = "cairn.relations";
    private static final String COLUMN_EDGES = "cairn.columnEdges";
    private static final String FACETS = "cairn.facets";
    private static final String FRESHNESS = "cairn.freshness";

    public Loaders(BatchLoaderRegistry registry, GraphReads reads, AspectValues values) {
        registry.<String, Node>forName(ENTITIES).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> reads.entities(keys)));
        registry.<AspectKey, AspectVersion>forName(ASPECTS).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> reads.aspects(keys)));
        registry.<RelationKey, List<Map<String, Object>>>forName(RELATIONS)
                .registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> reads.relations(keys)));
        registry.<ColumnEdgeKey, List<ColumnLink>>forName(COLUMN_EDGES)
                .registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> reads.columnEdges(keys)));
        registry.<String, List<Views.Facet>>forName(FACETS).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> reads.facets(keys)));
        registry.<String, Views.Freshness>forName(FRESHNESS).registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() ->
                reads.freshness(keys, json -> {
                    var snapshot = values.tree(json).path("timestampMs");
                    return snapshot.isNumber() ? snapshot.asLong() : null;
                })));
    }

    public static CompletableFuture<Node> entity(DataFetchingEnvironment env, String urn) {
        if (urn == null) {
            return CompletableFuture.completedFuture(null);
        }
        return Loaders.<String, Node>loader(env, ENTITIES).load(urn);
    }

    /** The entities that exist among {@code urns}, in order. */
    public static CompletableFuture<List<Node>> entities(DataFetchingEnvironment env, List<String> urns) {
        if (urns.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return Loaders.<String, Node>loader(env, ENTITIES).loadMany(urns).thenApply(list -> list.stream().filter(Objects::nonNull).toList());
    }

    public static CompletableFuture<AspectVersion> aspect(DataFetchingEnvironment env, String urn, String aspect) {
        return Loaders.<AspectKey, AspectVersion>loader(env, ASPECTS).load(new AspectKey(urn, aspect));
    }

    private static CompletableFuture<List<Map<String, Object>>> related(DataFetchingEnvironment env, String urn, Relation relation) {
        return Loaders.<RelationKey, List<Map<String, Object>>>loader(env, RELATIONS).load(new RelationKey(urn, relation))
                .thenApply(list -> list == null ? List.of() : list);
    }

    /** The entities related to {@code urn}, loaded with the relationship in one statement. */
    public static CompletableFuture<List<Node>> relatedEntities(DataFetchingEnvironment env, String urn, Relation relation) {
        return related(env, urn, relation).thenApply(list -> list.stream().map(GraphReads::node).toList());
    }

    /** The first entity related to {@code urn}, or null. */
    public static CompletableFuture<Node> relatedEntity(DataFetchingEnvironment env, String urn, Relation relation) {
        return relatedEntities(env, urn, relation).thenApply(list -> list.isEmpty() ? null : list.get(0));
    }

    /** The alias keys of a dataset. */
    public static CompletableFuture<List<String>> aliases(DataFetchingEnvironment env, String urn) {
        return related(env, urn, Relation.ALIASES).thenApply(list -> list.stream().map(props -> (String) props.get("name")).toList());
    }

    public static CompletableFuture<List<ColumnLink>> columnEdges(DataFetchingEnvironment env, String column, boolean upstream) {
        return Loaders.<ColumnEdgeKey, List<ColumnLink>>loader(env, COLUMN_EDGES).load(new ColumnEdgeKey(column, upstream))
                .thenApply(list -> list == null ? List.of() : list);
    }

    public static CompletableFuture<List<Views.Facet>> facets(DataFetchingEnvironment env, String urn) {
        return Loaders.<String, List<Views.Facet>>loader(env, FACETS).load(urn).thenApply(list -> list == null ? List.of() : list);
    }

    public static CompletableFuture<Views.Freshness> freshness(DataFetchingEnvironment env, String urn) {
        return Loaders.<String, Views.Freshness>loader(env, FRESHNESS).load(urn)
                .thenApply(found -> found == null ? new Views.Freshness(null, null) : found);
    }

    /** After a write, so that the entity the mutation returns (and any later one) is read fresh. */
    public static void forgetAll(DataFetchingEnvironment env) {
        env.getDataLoaderRegistry().getDataLoaders().forEach(DataLoader::clearAll);
    }

    private static <K, V> DataLoader<K, V> loader(DataFetchingEnvironment env, String name) {
        DataLoader<K, V> loader = env.getDataLoader(name);
        if (loader == null) {
            throw new IllegalStateException("DataLoader " + name + " is not registered");
        }
        return loader;
    }
}
