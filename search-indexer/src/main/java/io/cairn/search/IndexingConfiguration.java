package io.cairn.search;

import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the indexer role owns: the indexes and their aliases (created at start), document writes and the rebuild.
 * Nodes that only search never create or change an index.
 */
@Configuration(proxyBeanMethods = false)
public class IndexingConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IndexingConfiguration.class);

    /** A rebuild renews its lock after every page; a node that died holding it frees it after this long. */
    static final Duration REBUILD_LOCK_TTL = Duration.ofMinutes(2);

    /** The aliases whose index this version cannot bring up to date in place; rebuilt once the node has started. */
    record OutdatedIndexes(List<String> aliases) {
        OutdatedIndexes {
            aliases = List.copyOf(aliases);
        }
    }

    @Bean
    SearchIndexes searchIndexes(EsHttp es, SearchSettings settings) {
        return new SearchIndexes(es, settings);
    }

    @Bean
    OutdatedIndexes outdatedSearchIndexes(SearchIndexes indexes) {
        return new OutdatedIndexes(indexes.ensure());
    }

    @Bean
    DocumentWriter searchDocumentWriter(EsHttp es, SearchSettings settings, OutdatedIndexes ensured) {
        return new DocumentWriter(es, settings);
    }

    @Bean
    RebuildLock searchRebuildLock(GraphStore store, Clock clock) {
        return new RebuildLock(store, REBUILD_LOCK_TTL, clock);
    }

    @Bean
    Reindexer reindexer(DocumentSource source, DocumentWriter writer, SearchIndexes indexes, EsHttp es, Clock clock, RebuildLock lock) {
        return new Reindexer(source, writer, indexes, es, clock, lock);
    }

    /**
     * An upgrade that changed how documents are analysed (or a mapping Elasticsearch cannot change in place) rebuilds
     * the indexes on its own: the old ones keep serving until the aliases swap, so nobody has to know to ask for it.
     */
    @Bean(initMethod = "start")
    OutdatedIndexRebuild outdatedIndexRebuild(OutdatedIndexes outdated, Reindexer reindexer) {
        return new OutdatedIndexRebuild(outdated.aliases(), reindexer);
    }

    /** Starts the rebuild of indexes this version found outdated; another node's rebuild already running is enough. */
    record OutdatedIndexRebuild(List<String> aliases, Reindexer reindexer) {

        public void start() {
            if (aliases.isEmpty()) {
                return;
            }
            try {
                LOG.info("Rebuilding the search indexes {} with this version's mapping", aliases);
                reindexer.start();
            } catch (RebuildInProgressException e) {
                LOG.info("A search index rebuild is already running: {}", e.getMessage());
            }
        }
    }
}
