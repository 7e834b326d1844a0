package io.cairn.server.backend;

import io.cairn.embedded.elasticsearch.EmbeddedElasticsearch;
import io.cairn.embedded.kafka.EmbeddedKafka;
import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.server.config.CairnSettings;
import io.cairn.server.config.StartupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Neo4j, Elasticsearch and Kafka are. A backend with a configured address is the operator's; every other
 * one is started embedded under the data directory, in parallel, and stopped by {@link #close()}.
 */
public final class Backends implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private final String neo4jUri;
    private final AuthToken neo4jAuth;
    private final String neo4jDatabase;
    private final List<String> elasticsearchUris;
    private final String kafkaBootstrapServers;
    private final List<AutoCloseable> embedded;
    private final EmbeddedNeo4j embeddedNeo4j;

    private Backends(String neo4jUri, AuthToken neo4jAuth, String neo4jDatabase, List<String> elasticsearchUris,
                     String kafkaBootstrapServers, List<AutoCloseable> embedded, EmbeddedNeo4j embeddedNeo4j) {
        this.neo4jUri = neo4jUri;
        this.neo4jAuth = neo4jAuth;
        this.neo4jDatabase = neo4jDatabase;
        this.elasticsearchUris = List.copyOf(elasticsearchUris);
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.embedded = List.copyOf(embedded);
        this.embeddedNeo4j = embeddedNeo4j;
    }

    public static Backends start(CairnSettings settings) {
        Path dataDir = settings.absoluteDataDir();
        CairnSettings.Embedded ports = settings.embedded();
        long started = System.nanoTime();
        ExecutorService starter = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "cairn-backend-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<EmbeddedNeo4j> neo4j = settings.neo4j().external() ? null
                    : startAsync(starter, () -> EmbeddedNeo4j.start(dataDir.resolve("neo4j"), ports.host(), ports.neo4jPort()));
            CompletableFuture<EmbeddedKafka> kafka = settings.kafka().external() ? null
                    : startAsync(starter, () -> EmbeddedKafka.start(dataDir.resolve("kafka"), ports.host(), ports.kafkaPort(), ports.kafkaControllerPort()));
            CompletableFuture<EmbeddedElasticsearch> elasticsearch = settings.elasticsearch().external() ? null
                    : startAsync(starter, () -> EmbeddedElasticsearch.start(dataDir.resolve("elasticsearch"), ports.host(), ports.elasticsearchPort()));
            List<AutoCloseable> running = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<? extends AutoCloseable> future : java.util.Arrays.asList(neo4j, kafka, elasticsearch)) {
                if (future == null) {
                    continue;
                }
                try {
                    running.add(future.join());
                } catch (CompletionException e) {
                    failure = failure == null ? asStartup(e.getCause()) : failure;
                }
            }
            if (failure != null) {
                closeAll(running);
                throw failure;
            }
            if (!running.isEmpty()) {
                LOG.info("Embedded backends started in {} ms under {}", (System.nanoTime() - started) / 1_000_000, dataDir);
            }
            CairnSettings.Neo4j neo4jSettings = settings.neo4j();
            return new Backends(
                    neo4j == null ? neo4jSettings.uri() : neo4j.join().boltUri(),
                    neo4j == null ? externalAuth(neo4jSettings) : AuthTokens.none(),
                    neo4jSettings.database(),
                    elasticsearch == null ? settings.elasticsearch().uris() : List.of(elasticsearch.join().httpUri()),
                    kafka == null ? settings.kafka().bootstrapServers() : kafka.join().bootstrapServers(),
                    running, neo4j == null ? null : neo4j.join());
        } finally {
            starter.shutdownNow();
        }
    }

    private static <T> CompletableFuture<T> startAsync(ExecutorService executor, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, executor);
    }

    private static AuthToken externalAuth(CairnSettings.Neo4j settings) {
        return settings.password() == null || settings.password().isEmpty()
                ? AuthTokens.none()
                : AuthTokens.basic(settings.username(), settings.password());
    }

    private static RuntimeException asStartup(Throwable cause) {
        return cause instanceof StartupException startup ? startup
                : new StartupException(String.valueOf(cause.getMessage()).lines().findFirst().orElse("backend failed to start"), cause);
    }

    public String neo4jUri() {
        return neo4jUri;
    }

    public AuthToken neo4jAuth() {
        return neo4jAuth;
    }

    public String neo4jDatabase() {
        return neo4jDatabase;
    }

    /** The Neo4j this process runs, if it runs one. */
    public Optional<EmbeddedNeo4j> embeddedNeo4j() {
        return Optional.ofNullable(embeddedNeo4j);
    }

    public List<String> elasticsearchUris() {
        return elasticsearchUris;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Stops the embedded backends, Elasticsearch and Kafka before Neo4j, the reverse of how much state they hold. */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(embedded);
        java.util.Collections.reverse(reversed);
        closeAll(reversed);
    }

    private static void closeAll(List<AutoCloseable> backends) {
        for (AutoCloseable backend : backends) {
            try {
                backend.close();
            } catch (Exception e) {
                LOG.warn("Could not stop {} cleanly: {}", backend.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
