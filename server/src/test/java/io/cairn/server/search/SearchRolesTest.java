package io.cairn.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.config.IndexerRoleConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Which search beans each role declares: only the indexer role may create or change indexes (and serve the rebuild);
 * only the api role serves search. Checked on bean definitions (lazily initialised, so no backend is needed).
 */
class SearchRolesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
            .withUserConfiguration(SearchWiring.class, SearchServingWiring.class, IndexerRoleConfiguration.class,
                    SearchController.class, ReindexController.class);

    @Test
    void anApiOnlyNodeServesSearchButNeverCreatesIndexes() {
        runner.withPropertyValues("cairn.roles=api").run(context -> {
            assertThat(defined(context, "searchService")).isTrue();
            assertThat(defined(context, "searchIndexes")).isFalse();
            assertThat(defined(context, "reindexer")).isFalse();
            assertThat(defined(context, "changeIndexer")).isFalse();
            assertThat(context.getBeanNamesForType(SearchController.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(ReindexController.class)).isEmpty();
        });
    }

    @Test
    void anIndexerOnlyNodeOwnsTheIndexesAndTheRebuildButServesNoSearch() {
        runner.withPropertyValues("cairn.roles=indexer").run(context -> {
            assertThat(defined(context, "searchIndexes")).isTrue();
            assertThat(defined(context, "reindexer")).isTrue();
            assertThat(defined(context, "searchRebuildLock")).isTrue();
            assertThat(defined(context, "changeIndexer")).isTrue();
            assertThat(defined(context, "searchService")).isFalse();
            assertThat(context.getBeanNamesForType(SearchController.class)).isEmpty();
            assertThat(context.getBeanNamesForType(ReindexController.class)).hasSize(1);
        });
    }

    @Test
    void aCatalogOnlyNodeHasNeither() {
        runner.withPropertyValues("cairn.roles=catalog").run(context -> {
            assertThat(defined(context, "searchIndexes")).isFalse();
            assertThat(defined(context, "searchService")).isFalse();
        });
    }

    private static boolean defined(ConfigurableApplicationContext context, String bean) {
        return context.getBeanFactory().containsBeanDefinition(bean);
    }
}
