package io.cairn.graphql;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import io.cairn.graphql.api.CatalogLineageFields;
import io.cairn.graphql.api.GovernanceFields;
import io.cairn.graphql.api.MutationController;
import io.cairn.graphql.api.QueryController;
import io.cairn.graphql.error.CairnExceptionResolver;
import io.cairn.graphql.error.ErrorCodeInterceptor;
import io.cairn.graphql.error.QueryLimits;
import io.cairn.graphql.read.AspectValues;
import io.cairn.graphql.read.GraphReads;
import io.cairn.graphql.read.Loaders;
import io.cairn.graphql.read.RoundTrips;
import io.cairn.metadata.store.GraphStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * The GraphQL API's beans. Spring Boot's GraphQL auto-configuration serves {@code POST /graphql} (and GraphiQL when
 * {@code spring.graphql.graphiql.enabled}) from the schema in {@code classpath:graphql/} and picks up the wiring,
 * exception resolver, interceptor and instrumentation beans declared here. The importer provides the metadata
 * service's beans (GraphStore, GovernanceStore, EntityStore, AuditLog) and the two ports, {@code LineageSource} and
 * {@code SearchSource}.
 *
 * <p>Limits: {@code cairn.graphql.max-depth} (default {@value #DEFAULT_MAX_DEPTH}) and
 * {@code cairn.graphql.max-complexity} (default {@value #DEFAULT_MAX_COMPLEXITY}, see {@link QueryLimits}).
 */
@Configuration(proxyBeanMethods = false)
@Import({QueryController.class, MutationController.class})
public class GraphQlModule {

    public static final int DEFAULT_MAX_DEPTH = 15;
    public static final int DEFAULT_MAX_COMPLEXITY = 5_000;

    @Bean
    RoundTrips graphQlRoundTrips() {
        return new RoundTrips();
    }

    @Bean
    GraphReads graphReads(GraphStore store, RoundTrips roundTrips) {
        return new GraphReads(store, roundTrips);
    }

    @Bean
    AspectValues graphQlAspectValues(ObjectMapper mapper) {
        return new AspectValues(mapper);
    }

    @Bean
    Loaders graphQlLoaders(BatchLoaderRegistry registry, GraphReads reads, AspectValues values) {
        return new Loaders(registry, reads, values);
    }

    @Bean
    GovernanceFields governanceFields(AspectValues values) {
        return new GovernanceFields(values);
    }

    @Bean
    CatalogLineageFields catalogLineageFields(GraphReads reads, AspectValues values) {
        return new CatalogLineageFields(reads, values);
    }

    @Bean
    CairnExceptionResolver cairnGraphQlExceptionResolver() {
        return new CairnExceptionResolver();
    }

    @Bean
    ErrorCodeInterceptor graphQlErrorCodeInterceptor() {
        return new ErrorCodeInterceptor();
    }

    /**
     * GraphQL answers with {@code null} where a field is null (the spec requires the key); the application's
     * ObjectMapper leaves nulls out, so the GraphQL endpoint writes JSON with a copy that keeps them.
     */
    @Bean
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, ObjectMapper mapper) {
        ObjectMapper keepsNulls = mapper.copy().setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS,
                JsonInclude.Include.ALWAYS));
        return new GraphQlHttpHandler(handler, new MappingJackson2HttpMessageConverter(keepsNulls));
    }

    @Bean
    MaxQueryDepthInstrumentation graphQlMaxDepth(Environment environment) {
        return QueryLimits.depth(environment.getProperty("cairn.graphql.max-depth", Integer.class, DEFAULT_MAX_DEPTH));
    }

    @Bean
    MaxQueryComplexityInstrumentation graphQlMaxComplexity(Environment environment) {
        return QueryLimits.complexity(environment.getProperty("cairn.graphql.max-complexity", Integer.class, DEFAULT_MAX_COMPLEXITY));
    }
}
