package io.cairn.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.elasticsearch.client.RestClient;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The search module's beans for any role that searches or indexes. The server provides the backend clients, the
 * Neo4j session configuration and {@link SearchSettings}; the change-log consumer is created by the indexer role.
 */
@Configuration(proxyBeanMethods = false)
public class SearchConfiguration {

    @Bean
    EsHttp searchEsHttp(RestClient client, ObjectMapper mapper) {
        return new EsHttp(client, mapper);
    }

    @Bean
    SearchIndexes searchIndexes(EsHttp es, SearchSettings settings) {
        SearchIndexes indexes = new SearchIndexes(es, settings);
        indexes.ensure();
        return indexes;
    }

    @Bean
    DocumentSource searchDocumentSource(Driver driver, SearchNeo4j neo4j, ObjectMapper mapper) {
        return new Neo4jDocumentSource(driver, neo4j.sessionConfig(), mapper);
    }

    @Bean
    DocumentWriter searchDocumentWriter(EsHttp es, SearchSettings settings, SearchIndexes ensured) {
        return new DocumentWriter(es, settings);
    }

    @Bean
    SearchService searchService(EsHttp es, SearchSettings settings, SearchIndexes ensured) {
        return new SearchService(es, settings);
    }

    @Bean
    Reindexer reindexer(DocumentSource source, DocumentWriter writer, SearchIndexes indexes, EsHttp es, Clock clock) {
        return new Reindexer(source, writer, indexes, es, clock);
    }

    /** Which Neo4j database the search module reads (the server's choice). */
    public record SearchNeo4j(SessionConfig sessionConfig) {
    }
}
