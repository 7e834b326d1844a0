package io.cairn.server.graphql;

import io.cairn.graphql.GraphQlModule;
import io.cairn.graphql.port.LineageSource;
import io.cairn.graphql.port.SearchSource;
import io.cairn.lineage.read.LineageTraversal;
import io.cairn.search.SearchService;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The GraphQL API ({@code POST /graphql}, GraphiQL at {@code /graphiql}) for the {@code api} role: the graphql-api
 * module plus the adapters that connect it to lineage-ingest's traversal and search-indexer's search, which the
 * protocol module may not depend on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.API)
@Import(GraphQlModule.class)
public class GraphQlConfiguration {

    @Bean
    LineageSource graphQlLineageSource(LineageTraversal traversal) {
        return new TraversalLineageSource(traversal);
    }

    @Bean
    SearchSource graphQlSearchSource(SearchService search) {
        return new SearchServiceSource(search);
    }

    @Bean
    ActorContextInterceptor graphQlActorInterceptor() {
        return new ActorContextInterceptor();
    }
}
