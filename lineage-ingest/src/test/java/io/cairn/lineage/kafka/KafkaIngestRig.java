package io.cairn.lineage.kafka;

import io.cairn.embedded.kafka.EmbeddedKafka;
import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.lineage.LineageMigrations;
import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.dataset.DatasetMigrations;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.Migration;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.GraphStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

/**
 * Real embedded Neo4j and Kafka on fixed free ports (so either can be stopped and started again on its own data)
 * and the OpenLineage consumer between them, as the server wires it.
 */
final class KafkaIngestRig implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final int boltPort = freePort();
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final KafkaIngestSettings settings;
    private EmbeddedNeo4j neo4j;
    private EmbeddedKafka kafka;
    private final Driver driver;
    private final GraphStore store;
    private final OpenLineageKafkaConsumer consumer;

    KafkaIngestRig(Path dataDir, KafkaIngestSettings settings) {
        this(dataDir, settings, true);
    }

    KafkaIngestRig(Path dataDir, KafkaIngestSettings settings, boolean startConsumer) {
        this.dataDir = dataDir;
        this.settings = settings;
        startNeo4j();
        startKafka();
        driver = GraphDatabase.driver("bolt://" + HOST + ":" + boltPort, AuthTokens.none(), Config.builder()
                .withMaxTransactionRetryTime(2, TimeUnit.SECONDS).build());
        List<Migration> migrations = new ArrayList<>(CoreMigrations.all());
        migrations.addAll(DatasetMigrations.all());
        migrations.addAll(LineageMigrations.all());
        new SchemaMigrator(driver, SessionConfig.defaultConfig()).migrate(migrations);
        store = new GraphStore(driver, null, new ChangeLog(), new ChangeSignal(), Clock.systemUTC());
        LineageGraphWriter writer = new LineageGraphWriter(store, new DatasetAliases(), true);
        consumer = new OpenLineageKafkaConsumer(kafkaProperties(), settings, new EventBodies(10_000), writer,
                Actor.client("openlineage-kafka", Role.WRITER));
        if (startConsumer) {
            consumer.start();
        }
    }

    Map<String, Object> kafkaProperties() {
        return Map.of("bootstrap.servers", bootstrapServers(), "reconnect.backoff.max.ms", 1_000);
    }

    String bootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    KafkaIngestSettings settings() {
        return settings;
    }

    OpenLineageKafkaConsumer consumer() {
        return consumer;
    }

    GraphStore store() {
        return store;
    }

    void stopKafka() {
        kafka.close();
        kafka = null;
    }

    void startKafka() {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), HOST, kafkaPort, controllerPort);
    }

    void stopNeo4j() {
        neo4j.close();
        neo4j = null;
    }

    void startNeo4j() {
        neo4j = EmbeddedNeo4j.start(dataDir.resolve("neo4j"), HOST, boltPort);
    }

    long count(String cypher) {
        return store.read(tx -> tx.run(cypher).single().get(0).asLong());
    }

    /** Polls until {@code cypher} counts at least {@code expected}; returns the last count. */
    long awaitCount(String cypher, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = count(cypher);
            } catch (RuntimeException unavailable) {
                last = -1;
            }
            if (last >= expected) {
                return last;
            }
            sleep(200);
        }
        return last;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
        store.close();
        driver.close();
        if (kafka != null) {
            kafka.close();
        }
        if (neo4j != null) {
            neo4j.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
