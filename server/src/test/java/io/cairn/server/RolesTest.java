package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RolesTest {

    @Configuration
    static class RoleBeans {
        @Bean
        @ConditionalOnRole(CairnRole.API)
        String apiBean() {
            return "api";
        }

        @Bean
        @ConditionalOnRole(CairnRole.CATALOG)
        Integer catalogBean() {
            return 1;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(RoleBeans.class);

    @Test
    void allRolesRunByDefault() {
        runner.run(context -> {
            assertThat(context).hasBean("apiBean");
            assertThat(context).hasBean("catalogBean");
        });
    }

    @Test
    void onlyTheChosenRolesRun() {
        runner.withPropertyValues("cairn.roles=catalog").run(context -> {
            assertThat(context).doesNotHaveBean("apiBean");
            assertThat(context).hasBean("catalogBean");
        });
        runner.withPropertyValues("cairn.roles=api,indexer").run(context -> {
            assertThat(context).hasBean("apiBean");
            assertThat(context).doesNotHaveBean("catalogBean");
        });
    }

    @Test
    void unknownRolesAreRefusedByName() {
        assertThat(CairnRole.parse(List.of("all"))).isEqualTo(EnumSet.allOf(CairnRole.class));
        assertThat(CairnRole.parse(List.of("Catalog, ingest"))).containsExactlyInAnyOrder(CairnRole.CATALOG, CairnRole.INGEST);
        assertThatThrownBy(() -> CairnRole.parse(List.of("catalog", "serach"))).hasMessageContaining("unknown role 'serach'");
    }
}
