package io.cairn.catalog;

import io.cairn.metadata.schema.Migration;
import java.util.List;

/**
 * The catalog's schema in Neo4j: namespaces, catalog entries (tables and views) and the data set aliases they own.
 * The server applies them with every other module's (catalog versions are 20–39); never edit one that shipped.
 */
public final class CatalogMigrations {

    private CatalogMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration(20, "Iceberg catalog: namespaces, catalog entries, aliases, idempotency, metrics", List.of(
                "CREATE CONSTRAINT catalog_namespace_key IF NOT EXISTS FOR (n:CatalogNamespace) REQUIRE (n.warehouse, n.name) IS UNIQUE",
                "CREATE INDEX catalog_namespace_parent IF NOT EXISTS FOR (n:CatalogNamespace) ON (n.warehouse, n.parent)",
                "CREATE CONSTRAINT catalog_entry_key IF NOT EXISTS FOR (e:CatalogEntry) REQUIRE (e.warehouse, e.namespace, e.name) IS UNIQUE",
                "CREATE INDEX catalog_entry_namespace IF NOT EXISTS FOR (e:CatalogEntry) ON (e.warehouse, e.namespace)",
                "CREATE CONSTRAINT dataset_alias_name IF NOT EXISTS FOR (a:DatasetAlias) REQUIRE a.name IS UNIQUE",
                "CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (k:IdempotencyRecord) REQUIRE k.key IS UNIQUE",
                "CREATE INDEX metrics_report_table IF NOT EXISTS FOR (m:IcebergMetricsReport) ON (m.warehouse, m.table)")),
                // Every mutation with a key sweeps a few expired keys; without this index each sweep read them all.
                new Migration(21, "Idempotency keys found by expiry", List.of(
                        "CREATE INDEX idempotency_expiry IF NOT EXISTS FOR (k:IdempotencyRecord) ON (k.expiresAt)")));
    }
}
