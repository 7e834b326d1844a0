package io.cairn.lineage;

import io.cairn.lineage.read.LineageReader;
import io.cairn.lineage.web.LineageProblems;
import io.cairn.lineage.web.LineageReadController;
import io.cairn.metadata.store.GraphStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The read side of lineage (Marquez-compatible graph reads); imported by the server for the {@code api} role. */
@Configuration(proxyBeanMethods = false)
@Import({LineageReadController.class, LineageProblems.class})
public class LineageReadModule {

    @Bean
    LineageReader lineageReader(GraphStore store, LineageSettings settings) {
        return new LineageReader(store, settings.readLimits());
    }
}
