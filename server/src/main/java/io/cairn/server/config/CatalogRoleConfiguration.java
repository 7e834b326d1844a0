package io.cairn.server.config;

import io.cairn.catalog.CatalogModule;
import io.cairn.catalog.CatalogMigrations;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.Warehouses;
import io.cairn.metadata.schema.MigrationSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The {@code catalog} role: the Iceberg REST catalog under {@code /iceberg}. The default warehouse is {@code file:}
 * storage under {@code CAIRN_DATA_DIR/warehouse}; more are configured as
 * {@code cairn.catalog.warehouses.<name>.location} and {@code cairn.catalog.warehouses.<name>.properties.<key>}
 * (FileIO properties such as {@code io-impl=org.apache.iceberg.aws.s3.S3FileIO}, {@code s3.endpoint}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.CATALOG)
@Import(CatalogModule.class)
public class CatalogRoleConfiguration {

    static final String DEFAULT_WAREHOUSE = "default";

    /** A configured extra warehouse. */
    public record WarehouseProperties(String location, Map<String, String> properties) {
    }

    /** Collected by the server's migrator with every other module's set. */
    @Bean
    MigrationSet catalogMigrations() {
        return new MigrationSet("catalog-rest", CatalogMigrations.all());
    }

    @Bean
    Warehouses warehouses(CairnSettings settings, Environment environment) {
        Warehouse local = new Warehouse(DEFAULT_WAREHOUSE, "file:" + settings.absoluteDataDir().resolve("warehouse"), Map.of());
        Map<String, WarehouseProperties> configured = Binder.get(environment)
                .bind("cairn.catalog.warehouses", Bindable.mapOf(String.class, WarehouseProperties.class))
                .orElse(Map.of());
        List<Warehouse> others = new ArrayList<>();
        configured.forEach((name, properties) -> {
            if (properties.location() == null || properties.location().isBlank()) {
                throw new StartupException("warehouse '" + name + "' needs cairn.catalog.warehouses." + name + ".location");
            }
            others.add(new Warehouse(name, properties.location(), properties.properties()));
        });
        return new Warehouses(local, others);
    }
}
