package io.cairn.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.raw.RawEventReader;
import io.cairn.lineage.read.BoundedReads;
import io.cairn.lineage.read.LineageReader;
import io.cairn.lineage.read.LineageTraversal;
import io.cairn.lineage.read.marquez.MarquezReader;
import io.cairn.lineage.web.LineageProblems;
import io.cairn.lineage.web.LineageReadController;
import io.cairn.lineage.web.LineageTraversalController;
import io.cairn.lineage.web.MarquezController;
import io.cairn.metadata.store.GraphStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The read side of lineage: Marquez-compatible graph, namespace, dataset, job, run and raw event reads, and Cairn's paged
 * traversals and impact analysis; imported by the server for the {@code api} role.
 */
@Configuration(proxyBeanMethods = false)
@Import({LineageReadController.class, MarquezController.class, LineageTraversalController.class, LineageProblems.class})
public class LineageReadModule {

    @Bean
    LineageReader lineageReader(GraphStore store, LineageSettings settings) {
        return new LineageReader(store, settings.readLimits());
    }

    @Bean
    BoundedReads lineageBoundedReads(GraphStore store, LineageSettings settings) {
        return new BoundedReads(store, settings.readLimits().timeout());
    }

    @Bean
    MarquezReader marquezReader(BoundedReads reads, ObjectMapper mapper) {
        return new MarquezReader(reads, mapper);
    }

    @Bean
    RawEventReader rawEventReader(BoundedReads reads) {
        return new RawEventReader(reads);
    }

    @Bean
    LineageTraversal lineageTraversal(BoundedReads reads, LineageSettings settings, ObjectMapper mapper) {
        return new LineageTraversal(reads, settings.readLimits(), mapper);
    }
}
