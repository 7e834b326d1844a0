package io.cairn.server.graphql;

import io.cairn.metadata.schema.Migration;
import io.cairn.metadata.schema.MigrationSet;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The GraphQL API's schema additions (versions 80–89); applied whatever the roles, like every module's. */
@Configuration(proxyBeanMethods = false)
public class GraphQlSchemaConfiguration {

    /** A dataset's catalog entry (for {@code Dataset.namespace}) is found by the dataset's URN. */
    @Bean
    MigrationSet graphQlMigrations() {
        return new MigrationSet("graphql-api", List.of(new Migration(80, "graphql: catalog entry by dataset",
                List.of("CREATE INDEX catalog_entry_dataset IF NOT EXISTS FOR (e:CatalogEntry) ON (e.dataset)"))));
    }
}
