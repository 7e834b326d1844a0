package io.cairn.catalog;

import io.cairn.catalog.store.CatalogGraph;
import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.GraphStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

/** A real Neo4j on a test directory with the core and catalog migrations applied, and catalogs over it. */
final class CatalogFixture implements AutoCloseable {

    private final EmbeddedNeo4j neo4j;
    private final Driver driver;
    private final GraphStore store;
    private final Catalogs catalogs;
    private final Warehouse warehouse;

    CatalogFixture(Path dir) {
        neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), "127.0.0.1", freePort());
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        List<io.cairn.metadata.schema.Migration> migrations = new ArrayList<>(CoreMigrations.all());
        migrations.addAll(CatalogMigrations.all());
        migrations.addAll(io.cairn.metadata.dataset.DatasetMigrations.all());
        new SchemaMigrator(driver, SessionConfig.defaultConfig()).migrate(migrations);
        store = new GraphStore(driver, null, new ChangeLog(), new ChangeSignal(), Clock.systemUTC());
        warehouse = new Warehouse("test", "file:" + dir.resolve("warehouse"), Map.of());
        catalogs = new Catalogs(new Warehouses(warehouse, List.of()), new CatalogGraph(store), new io.cairn.metadata.dataset.DatasetAliases());
    }

    CairnCatalog catalog(Actor actor) {
        return catalogs.catalog(warehouse, actor);
    }

    GraphStore store() {
        return store;
    }

    CatalogGraph graph() {
        return catalogs.graph();
    }

    @Override
    public void close() {
        catalogs.close();
        store.close();
        driver.close();
        neo4j.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
