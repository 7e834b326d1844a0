package io.cairn.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.lineage.quality.OpenLineageQuality;
import io.cairn.lineage.quality.QualityHook;
import io.cairn.metadata.governance.QualityLedger;
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
    LineageGraphWriter lineageGraphWriter(GraphStore store, DatasetAliases aliases, LineageSettings settings, QualityHook quality) {
        return new LineageGraphWriter(store, aliases, settings.keepRawEvents(), quality);
    }

    @Bean
    QualityHook lineageQuality(ObjectMapper mapper) {
        return new OpenLineageQuality(mapper, new QualityLedger(mapper));
    }

    @Bean
    EventBodies lineageEventBodies(LineageSettings settings) {
        return new EventBodies(settings.maxBatchEvents());
    }
}
