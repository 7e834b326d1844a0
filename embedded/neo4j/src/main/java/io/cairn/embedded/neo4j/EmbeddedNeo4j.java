package io.cairn.embedded.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.exceptions.RetryableException;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * A real Neo4j 5.26 Community database running in this JVM, also reachable over Bolt like an external one. Cairn's
 * code is written against the Java driver's API, so that the embedded default and a production cluster run the same
 * statements; in the embedded default the store's units of work and reads run in process ({@link #write},
 * {@link #readTransaction}, {@link #read}) behind that same API, because the Bolt round trip through the loopback
 * was most of a request's time (see docs/design.md, "Neo4j in process").
 */
public final class EmbeddedNeo4j implements AutoCloseable {

    /** As long as the driver retries a unit of work after transient failures. */
    private static final Duration RETRY_FOR = Duration.ofSeconds(30);

    private final DatabaseManagementService managementService;
    private final String boltUri;

    private EmbeddedNeo4j(DatabaseManagementService managementService, String boltUri) {
        this.managementService = managementService;
        this.boltUri = boltUri;
    }

    /**
     * Starts Neo4j with its store under {@code dataDir} and Bolt on {@code host:boltPort}, without authentication
     * (the Bolt port binds to the loopback address only in the default mode). A restart on the same directory
     * keeps everything.
     */
    public static EmbeddedNeo4j start(Path dataDir, String host, int boltPort) {
        Objects.requireNonNull(dataDir, "dataDir");
        ensurePortFree(host, boltPort);
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(dataDir.toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, boltPort))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, boltPort))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // The HTTP connector breaks under Spring Boot's Jersey 3; Cairn needs Bolt only.
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(2))
                // A young store's statistics diverge on nearly every write burst; at the 10 s default a third of the
                // CPU under catalog load went to re-planning the same few dozen statements (JFR). Cairn's statements
                // look up by unique keys, whose plans do not depend on counts.
                .setConfig(GraphDatabaseSettings.cypher_min_replan_interval, Duration.ofMinutes(2))
                // Without these, Bolt waits out Netty's quiet period and every stop takes ~10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
                .build();
        return new EmbeddedNeo4j(service, "bolt://" + host + ":" + boltPort);
    }

    public String boltUri() {
        return boltUri;
    }

    /**
     * Runs one read statement in process, in its own transaction, and returns its rows as maps of plain values, as
     * {@code Record.asMap()} gives them over Bolt (lists for array properties, at any depth).
     *
     * @param database the database, or null for the default one
     */
    public List<Map<String, Object>> read(String database, String cypher, Map<String, Object> parameters) {
        return readTransaction(database, tx -> tx.run(cypher, parameters).list(Record::asMap));
    }

    /**
     * Runs {@code work} in one write transaction of the database in this JVM and commits it, with the driver's
     * {@link TransactionContext} in hand: the same statements as over Bolt, without a loopback round trip for each
     * (a catalog commit made some twenty-five of them and spent most of its time waiting on them: measured). As the
     * driver's {@code executeWrite} does, the whole work runs again after a transient failure (a deadlock).
     *
     * @param database the database, or null for the default one
     */
    public <T> T write(String database, Function<TransactionContext, T> work) {
        return transaction(database, work, true);
    }

    /** {@link #write} for reading: the transaction is rolled back, not committed. */
    public <T> T readTransaction(String database, Function<TransactionContext, T> work) {
        return transaction(database, work, false);
    }

    /**
     * The named properties of the one node with {@code label} whose properties equal {@code key}, or empty: an index
     * seek through Neo4j's core API, with no Cypher statement to look up in the query cache, plan or run. Values are
     * as {@link #read} gives them; a property the node lacks maps to null. For point look-ups on a hot path (every
     * loadTable finds its catalog entry this way): the same look-up as a one-line statement cost ten times as much,
     * most of it in the query cache and the runtime (measured).
     *
     * @param key property values to match exactly; an index or uniqueness constraint on them keeps this a seek
     * @throws IllegalStateException if more than one node matches
     */
    public Optional<Map<String, Object>> findNode(String database, String label, Map<String, Object> key,
                                                  List<String> properties) {
        return inTransaction(database, tx -> {
            try (ResourceIterator<Node> nodes = tx.findNodes(Label.label(label), key)) {
                if (!nodes.hasNext()) {
                    return Optional.empty();
                }
                Node node = nodes.next();
                if (nodes.hasNext()) {
                    throw new IllegalStateException("more than one :" + label + " node has the key " + key);
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (String property : properties) {
                    values.put(property, DriverValues.toDriver(node.getProperty(property, null)).asObject());
                }
                return Optional.of(values);
            }
        }, false);
    }

    private <T> T transaction(String database, Function<TransactionContext, T> work, boolean commit) {
        return inTransaction(database, tx -> work.apply(new InProcessTransaction(tx)), commit);
    }

    private <T> T inTransaction(String database, Function<Transaction, T> work, boolean commit) {
        GraphDatabaseService db = managementService.database(database == null || database.isBlank()
                ? GraphDatabaseSettings.DEFAULT_DATABASE_NAME : database);
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        long backoffMillis = 5;
        while (true) {
            try (Transaction tx = db.beginTx()) {
                T result = work.apply(tx);
                if (commit) {
                    try {
                        tx.commit();
                    } catch (RuntimeException e) {
                        throw InProcessErrors.asDriverException(e);
                    }
                }
                return result;
            } catch (RuntimeException failure) {
                RuntimeException mapped = failure instanceof org.neo4j.graphdb.TransientFailureException
                        ? InProcessErrors.asDriverException(failure) : failure;
                if (!(mapped instanceof RetryableException) || System.nanoTime() > deadline) {
                    throw mapped;
                }
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoffMillis, backoffMillis * 2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while retrying a transaction", e);
            }
            backoffMillis = Math.min(backoffMillis * 2, 1_000);
        }
    }

    /** Stops Neo4j. The owner calls it (Cairn's context on SIGTERM, a test when done); closing twice is harmless. */
    @Override
    public void close() {
        try {
            managementService.shutdown();
        } catch (RuntimeException alreadyStopped) {
            // A second close finds the service stopped.
        }
    }

    private static void ensurePortFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("Neo4j Bolt port " + host + ":" + port + " is already in use", e);
        }
    }
}
