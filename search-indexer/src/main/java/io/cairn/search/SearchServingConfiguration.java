package io.cairn.search;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the api role needs to answer search: reads through the aliases that the indexer role maintains. */
@Configuration(proxyBeanMethods = false)
public class SearchServingConfiguration {

    @Bean
    SearchService searchService(EsHttp es, SearchSettings settings) {
        return new SearchService(es, settings);
    }
}
