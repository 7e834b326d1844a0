package io.cairn.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.store.GraphStore;
import org.elasticsearch.client.RestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The search module's shared beans (the Elasticsearch client and the Neo4j document source), which talk to nothing
 * at start-up. The server provides the backend clients, the graph store and {@link SearchSettings};
 * {@link IndexingConfiguration} is for the indexer role, {@link SearchServingConfiguration} for the api role.
 */
@Configuration(proxyBeanMethods = false)
public class SearchConfiguration {

    @Bean
    EsHttp searchEsHttp(RestClient client, ObjectMapper mapper) {
        return new EsHttp(client, mapper);
    }

    @Bean
    DocumentSource searchDocumentSource(GraphStore store, ObjectMapper mapper) {
        return new Neo4jDocumentSource(store, mapper);
    }
}
