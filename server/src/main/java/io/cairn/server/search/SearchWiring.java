package io.cairn.server.search;

import io.cairn.search.SearchConfiguration;
import io.cairn.search.SearchSettings;
import io.cairn.server.config.CairnSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The search module's shared, side-effect-free beans for the roles that search (api) or index (indexer); index
 * creation and rebuilds come with the indexer role ({@code IndexerRoleConfiguration}), serving with the api role
 * ({@link SearchServingWiring}). The indexes are served through aliases named {@code cairn-<kind>}; the consumer
 * group is shared by every indexer node.
 */
@Configuration(proxyBeanMethods = false)
@Import(SearchConfiguration.class)
public class SearchWiring {

    @Bean
    SearchSettings searchSettings(CairnSettings settings) {
        return new SearchSettings("cairn-", settings.changelog().topic(), "cairn-search-indexer");
    }
}
