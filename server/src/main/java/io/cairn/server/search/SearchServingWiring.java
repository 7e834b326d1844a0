package io.cairn.server.search;

import io.cairn.search.SearchServingConfiguration;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Search serving for the {@code api} role; it only reads the aliases that indexer nodes create and fill. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.API)
@Import(SearchServingConfiguration.class)
public class SearchServingWiring {
}
