package io.cairn.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.changelog.ChangeEventCodec;
import io.cairn.search.ChangeIndexer;
import io.cairn.search.DocumentSource;
import io.cairn.search.DocumentWriter;
import io.cairn.search.IndexingConfiguration;
import io.cairn.search.SearchSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code indexer} role: owns the indexes (creates them and their aliases, rebuilds them through
 * {@code POST /api/v1/admin/reindex}) and runs the change-log consumer group that keeps them in step with Neo4j.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.INDEXER)
@Import(IndexingConfiguration.class)
public class IndexerRoleConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    ChangeIndexer changeIndexer(KafkaClientSettings kafka, SearchSettings settings, DocumentSource source, DocumentWriter writer,
                                ObjectMapper mapper) {
        return new ChangeIndexer(kafka.properties(), settings, source, writer, new ChangeEventCodec(mapper));
    }
}
