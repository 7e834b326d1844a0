package io.cairn.lineage;

import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.lineage.web.LineageIngestController;
import io.cairn.lineage.web.LineageProblems;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.store.GraphStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingest side of lineage: the HTTP endpoints and the graph writer. The server imports it for the {@code ingest}
 * role and supplies {@link LineageSettings}, {@link DatasetAliases} and the (migrated) {@link GraphStore}.
 */
@Configuration(proxyBeanMethods = false)
@Import({LineageIngestController.class, LineageProblems.class})
public class LineageModule {

    @Bean
    LineageGraphWriter lineageGraphWriter(GraphStore store, DatasetAliases aliases, LineageSettings settings) {
        return new LineageGraphWriter(store, aliases, settings.keepRawEvents());
    }

    @Bean
    EventBodies lineageEventBodies(LineageSettings settings) {
        return new EventBodies(settings.maxBatchEvents());
    }
}
