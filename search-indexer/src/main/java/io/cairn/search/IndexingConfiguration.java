package io.cairn.search;

import java.time.Clock;
import java.time.Duration;
import org.neo4j.driver.Driver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the indexer role owns: the indexes and their aliases (created at start), document writes and the rebuild.
 * Nodes that only search never create or change an index.
 */
@Configuration(proxyBeanMethods = false)
public class IndexingConfiguration {

    /** A rebuild renews its lock after every page; a node that died holding it frees it after this long. */
    static final Duration REBUILD_LOCK_TTL = Duration.ofMinutes(2);

    @Bean
    SearchIndexes searchIndexes(EsHttp es, SearchSettings settings) {
        SearchIndexes indexes = new SearchIndexes(es, settings);
        indexes.ensure();
        return indexes;
    }

    @Bean
    DocumentWriter searchDocumentWriter(EsHttp es, SearchSettings settings, SearchIndexes ensured) {
        return new DocumentWriter(es, settings);
    }

    @Bean
    RebuildLock searchRebuildLock(Driver driver, SearchConfiguration.SearchNeo4j neo4j, Clock clock) {
        return new RebuildLock(driver, neo4j.sessionConfig(), REBUILD_LOCK_TTL, clock);
    }

    @Bean
    Reindexer reindexer(DocumentSource source, DocumentWriter writer, SearchIndexes indexes, EsHttp es, Clock clock, RebuildLock lock) {
        return new Reindexer(source, writer, indexes, es, clock, lock);
    }
}
