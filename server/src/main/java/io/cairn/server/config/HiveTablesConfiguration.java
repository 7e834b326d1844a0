package io.cairn.server.config;

import io.cairn.catalog.Catalogs;
import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hive.HiveMigrations;
import io.cairn.catalog.glue.GlueModule;
import io.cairn.metadata.schema.MigrationSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code catalog} role's Hive-style tables ({@code io.cairn.catalog.hive}) and the Glue-compatible API at
 * {@code /glue} over them. The Hive Metastore Thrift server uses the same {@link HiveMetastores}, so Iceberg REST,
 * HMS and Glue serve one set of tables. {@code cairn.hive.metastore-authority} ({@code host:port}) is the authority
 * of the {@code hive://host:port/db.table} names OpenLineage gives Hive tables, so lineage meets the table's node.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.CATALOG)
@Import(GlueModule.class)
public class HiveTablesConfiguration {

    @Bean
    MigrationSet hiveTableMigrations() {
        return new MigrationSet("catalog-hive", HiveMigrations.all());
    }

    @Bean
    HiveMetastores hiveMetastores(Catalogs catalogs,
                                  @Value("${cairn.hive.metastore-authority:localhost:9083}") String metastoreAuthority) {
        return new HiveMetastores(catalogs, metastoreAuthority);
    }
}
