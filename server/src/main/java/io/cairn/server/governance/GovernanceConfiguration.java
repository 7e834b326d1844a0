package io.cairn.server.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.AspectSet;
import io.cairn.metadata.governance.GovernanceAspects;
import io.cairn.metadata.governance.GovernanceMigrations;
import io.cairn.metadata.governance.QualityReader;
import io.cairn.metadata.governance.GovernanceStore;
import io.cairn.metadata.schema.MigrationSet;
import io.cairn.metadata.store.GraphStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Governance's store and schema; the schema is applied whatever the roles, like every module's. */
@Configuration(proxyBeanMethods = false)
public class GovernanceConfiguration {

    @Bean
    MigrationSet governanceMigrations() {
        return new MigrationSet("governance-search", GovernanceMigrations.all());
    }

    @Bean
    AspectSet governanceAspects() {
        return GovernanceAspects.aspectSet();
    }

    @Bean
    QualityReader qualityReader(GraphStore store) {
        return new QualityReader(store);
    }

    @Bean
    GovernanceStore governanceStore(GraphStore store, ObjectMapper mapper) {
        return new GovernanceStore(store, mapper);
    }
}
