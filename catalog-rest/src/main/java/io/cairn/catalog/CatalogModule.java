package io.cairn.catalog;

import io.cairn.catalog.rest.FormEncodedPathSegments;
import io.cairn.catalog.rest.IcebergConfigController;
import io.cairn.catalog.rest.IcebergErrors;
import io.cairn.catalog.rest.IcebergExceptionHandler;
import io.cairn.catalog.rest.IcebergJson;
import io.cairn.catalog.rest.IcebergNamespaceController;
import io.cairn.catalog.rest.IcebergSupport;
import io.cairn.catalog.rest.IcebergScanPlanController;
import io.cairn.catalog.rest.IcebergTableController;
import io.cairn.catalog.rest.IcebergViewController;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.catalog.store.MetricsStore;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The Iceberg REST catalog's beans. The server imports this for the {@code catalog} role and supplies the
 * {@link Warehouses}; the store is only handed out once every module's migrations (ours: {@link CatalogMigrations}) ran.
 */
@Configuration(proxyBeanMethods = false)
@Import({IcebergConfigController.class, IcebergNamespaceController.class, IcebergTableController.class,
        IcebergScanPlanController.class, IcebergViewController.class, IcebergExceptionHandler.class})
public class CatalogModule {

    /** How long a mutation's result is kept for retries with the same Idempotency-Key. */
    static final Duration IDEMPOTENCY_LIFETIME = Duration.ofMinutes(30);

    @Bean
    FilterRegistrationBean<FormEncodedPathSegments> icebergFormEncodedPathSegments() {
        FilterRegistrationBean<FormEncodedPathSegments> registration = new FilterRegistrationBean<>(new FormEncodedPathSegments());
        registration.addUrlPatterns("/iceberg/*");
        return registration;
    }

    @Bean
    CatalogGraph catalogGraph(GraphStore store) {
        return new CatalogGraph(store);
    }

    @Bean(destroyMethod = "close")
    Catalogs catalogs(Warehouses warehouses, CatalogGraph graph, DatasetAliases aliases) {
        return new Catalogs(warehouses, graph, aliases);
    }

    @Bean
    IdempotencyStore idempotencyStore(GraphStore store, Clock clock) {
        return new IdempotencyStore(store, clock, IDEMPOTENCY_LIFETIME);
    }

    @Bean
    MetricsStore icebergMetricsStore(GraphStore store) {
        return new MetricsStore(store);
    }

    @Bean
    IcebergJson icebergJson() {
        return new IcebergJson();
    }

    @Bean
    IcebergErrors icebergErrors(IcebergJson json) {
        return new IcebergErrors(json);
    }

    @Bean
    IcebergSupport icebergSupport(Catalogs catalogs, IcebergJson json, IcebergErrors errors, IdempotencyStore idempotency) {
        return new IcebergSupport(catalogs, json, errors, idempotency);
    }
}
