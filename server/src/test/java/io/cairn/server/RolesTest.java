package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.config.RoleAutoConfigurationFilter;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

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

    @Test
    void bootsGraphQlAutoConfigurationIsFilteredOutWithoutTheApiRole() {
        String[] candidates = {
                "org.springframework.boot.autoconfigure.graphql.GraphQlAutoConfiguration",
                "org.springframework.boot.autoconfigure.graphql.servlet.GraphQlWebMvcAutoConfiguration",
                "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration",
                null};
        assertThat(filter("catalog,ingest,indexer,ui").match(candidates, null)).containsExactly(false, false, true, true);
        assertThat(filter("api").match(candidates, null)).containsExactly(true, true, true, true);
        assertThat(filter(null).match(candidates, null)).as("all roles by default").containsExactly(true, true, true, true);
    }

    private static RoleAutoConfigurationFilter filter(String roles) {
        MockEnvironment environment = new MockEnvironment();
        if (roles != null) {
            environment.setProperty("cairn.roles", roles);
        }
        RoleAutoConfigurationFilter filter = new RoleAutoConfigurationFilter();
        filter.setEnvironment(environment);
        return filter;
    }
}
