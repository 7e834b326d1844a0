package io.cairn.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.elasticsearch.client.RestClient;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The search module's shared beans (the Elasticsearch client and the Neo4j document source), which talk to nothing
 * at start-up. The server provides the backend clients, the Neo4j session configuration and {@link SearchSettings};
 * {@link IndexingConfiguration} is for the indexer role, {@link SearchServingConfiguration} for the api role.
 */
@Configuration(proxyBeanMethods = false)
public class SearchConfiguration {

    @Bean
    EsHttp searchEsHttp(RestClient client, ObjectMapper mapper) {
        return new EsHttp(client, mapper);
    }

    @Bean
    DocumentSource searchDocumentSource(Driver driver, SearchNeo4j neo4j, ObjectMapper mapper) {
        return new Neo4jDocumentSource(driver, neo4j.sessionConfig(), mapper);
    }

    /** Which Neo4j database the search module reads (the server's choice). */
    public record SearchNeo4j(SessionConfig sessionConfig) {
    }
}
