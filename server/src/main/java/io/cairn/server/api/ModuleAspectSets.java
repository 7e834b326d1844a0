package io.cairn.server.api;

import io.cairn.catalog.store.CatalogAspectSet;
import io.cairn.metadata.aspect.AspectSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The aspect sets of modules whose beans are role-gated (the catalog's come with the {@code catalog} role), declared
 * here without a role so that an {@code api} node alone still reads their aspects. Lineage ingest writes no
 * versioned aspects of its own (its quality results are governance aspects), so it has no set.
 */
@Configuration(proxyBeanMethods = false)
public class ModuleAspectSets {

    @Bean
    AspectSet catalogAspects() {
        return CatalogAspectSet.aspects();
    }
}
