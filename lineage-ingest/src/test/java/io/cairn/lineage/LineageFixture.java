package io.cairn.lineage;

import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.dataset.DatasetMigrations;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.Migration;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.InProcessTransactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;

/** A real embedded Neo4j with the core, dataset and lineage schema, and the lineage writer wired to it. */
public final class LineageFixture implements AutoCloseable {

    private final EmbeddedNeo4j neo4j;
    private final Driver driver;
    private final GraphStore store;
    private final DatasetAliases aliases = new DatasetAliases();

    private LineageFixture(Path dataDir) {
        this(dataDir, false);
    }

    private LineageFixture(Path dataDir, boolean inProcess) {
        neo4j = EmbeddedNeo4j.start(dataDir.resolve("neo4j"), "127.0.0.1", freePort());
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        List<Migration> migrations = new ArrayList<>(CoreMigrations.all());
        migrations.addAll(DatasetMigrations.all());
        migrations.addAll(LineageMigrations.all());
        new SchemaMigrator(driver, SessionConfig.defaultConfig()).migrate(migrations);
        InProcessTransactions transactions = !inProcess ? null : new InProcessTransactions() {
            @Override
            public <T> T write(Function<TransactionContext, T> work) {
                return neo4j.write(null, work);
            }

            @Override
            public <T> T read(Function<TransactionContext, T> work) {
                return neo4j.readTransaction(null, work);
            }

            @Override
            public Optional<Map<String, Object>> findNode(String label, Map<String, Object> key, List<String> properties) {
                return neo4j.findNode(null, label, key, properties);
            }
        };
        store = new GraphStore(driver, null, new ChangeLog(), new ChangeSignal(), Clock.systemUTC(), transactions);
    }

    /** Statements over Bolt, as to an external Neo4j. */
    public static LineageFixture start(Path dataDir) {
        return new LineageFixture(dataDir);
    }

    /** Statements in process, as the server runs them with its embedded Neo4j. */
    public static LineageFixture startInProcess(Path dataDir) {
        return new LineageFixture(dataDir, true);
    }

    public GraphStore store() {
        return store;
    }

    public Driver driver() {
        return driver;
    }

    public DatasetAliases aliases() {
        return aliases;
    }

    public LineageGraphWriter writer() {
        return new LineageGraphWriter(store, aliases, !Boolean.getBoolean("bench.no-raw-events"));
    }

    public EventBodies bodies() {
        return new EventBodies(100_000);
    }

    /** Removes the whole graph except the schema bookkeeping, for a fresh start on the same server. */
    public void wipe() {
        try (var session = driver.session()) {
            session.run("MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:Sequence DETACH DELETE n").consume();
        }
    }

    @Override
    public void close() {
        driver.close();
        neo4j.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
