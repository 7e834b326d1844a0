package io.cairn.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.GraphStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

/** A real Neo4j on a directory of the test's, with the metadata schema applied and the store wired. */
public final class MetadataFixture implements AutoCloseable {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Path dataDir;
    private final int port;
    private EmbeddedNeo4j neo4j;
    private Driver driver;
    private GraphStore store;
    private final ChangeSignal signal = new ChangeSignal();

    private MetadataFixture(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static MetadataFixture start(Path dataDir) {
        MetadataFixture fixture = new MetadataFixture(dataDir, freePort());
        fixture.open();
        return fixture;
    }

    private void open() {
        neo4j = EmbeddedNeo4j.start(dataDir.resolve("neo4j"), "127.0.0.1", port);
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        new SchemaMigrator(driver, SessionConfig.defaultConfig()).migrate(CoreMigrations.all());
        store = new GraphStore(driver, null, new ChangeLog(), signal, Clock.systemUTC());
    }

    /** Stops Neo4j and starts it again on the same directory and port. */
    public void restart() {
        shutdown();
        open();
    }

    public GraphStore store() {
        return store;
    }

    public EntityStore entities() {
        return new EntityStore(store, MAPPER);
    }

    public Driver driver() {
        return driver;
    }

    public ChangeSignal signal() {
        return signal;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void shutdown() {
        store.close();
        driver.close();
        neo4j.close();
    }

    @Override
    public void close() {
        shutdown();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
