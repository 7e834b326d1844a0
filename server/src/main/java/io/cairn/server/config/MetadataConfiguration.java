package io.cairn.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.AspectRegistry;
import io.cairn.metadata.aspect.AspectSet;
import io.cairn.metadata.aspect.CoreAspects;
import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.ClientCredential;
import io.cairn.metadata.auth.ClientRegistry;
import io.cairn.metadata.auth.RootCredential;
import io.cairn.metadata.auth.SecretHasher;
import io.cairn.metadata.auth.SecretSealer;
import io.cairn.metadata.auth.TokenService;
import io.cairn.metadata.changelog.AuditLog;
import io.cairn.metadata.changelog.ChangeEventCodec;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeLogRelay;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.changelog.RelaySettings;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.MigrationSet;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.InProcessTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import io.cairn.server.backend.Backends;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The metadata service: store of record, change log, authentication. */
@Configuration(proxyBeanMethods = false)
public class MetadataConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MigrationSet coreMigrations() {
        return new MigrationSet("metadata-service", CoreMigrations.all());
    }

    /**
     * Applies every module's migrations (each module declares a {@link MigrationSet} bean) before anything reads or
     * writes; the store depends on it.
     */
    @Bean
    SchemaMigrator schemaMigrator(Driver driver, Backends backendsForDatabase, List<MigrationSet> migrationSets) {
        SchemaMigrator migrator = new SchemaMigrator(driver, sessionConfig(backendsForDatabase));
        migrator.migrate(migrationSets.stream().flatMap(set -> set.migrations().stream()).toList());
        return migrator;
    }

    @Bean
    ChangeSignal changeSignal() {
        return new ChangeSignal();
    }

    @Bean(destroyMethod = "close")
    GraphStore graphStore(Driver driver, Backends backends, ChangeSignal signal, Clock clock, SchemaMigrator migrated) {
        // With Neo4j in this JVM, the store's statements run in process (docs/design.md, "Neo4j in process"); other
        // users of the driver (health, bounded lineage reads, raw-event pruning, Hive locks) still use Bolt.
        String database = backends.neo4jDatabase();
        InProcessTransactions transactions = backends.embeddedNeo4j()
                .<InProcessTransactions>map(neo4j -> new InProcessTransactions() {
                    @Override
                    public <T> T write(Function<TransactionContext, T> work) {
                        return neo4j.write(database, work);
                    }

                    @Override
                    public <T> T read(Function<TransactionContext, T> work) {
                        return neo4j.readTransaction(database, work);
                    }

                    @Override
                    public Optional<Map<String, Object>> findNode(String label, Map<String, Object> key,
                                                                  List<String> properties) {
                        return neo4j.findNode(database, label, key, properties);
                    }
                })
                .orElse(null);
        return new GraphStore(driver, database, new ChangeLog(), signal, clock, transactions);
    }

    @Bean
    AspectSet coreAspects() {
        return CoreAspects.aspectSet();
    }

    /** Every module's aspects (each declares an {@link AspectSet} bean, whatever the roles), like the migrations. */
    @Bean
    AspectRegistry aspectRegistry(List<AspectSet> aspectSets) {
        return AspectRegistry.of(aspectSets);
    }

    @Bean
    EntityStore entityStore(GraphStore store, ObjectMapper mapper) {
        return new EntityStore(store, mapper);
    }

    @Bean
    AuditLog auditLog(GraphStore store) {
        return new AuditLog(store);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ChangeLogRelay changeLogRelay(GraphStore store, KafkaClientSettings kafka, CairnSettings settings, ObjectMapper mapper,
                                  ChangeSignal signal, Clock clock) {
        CairnSettings.ChangeLog changelog = settings.changelog();
        RelaySettings relaySettings = new RelaySettings(changelog.topic(), changelog.partitions(), changelog.replicationFactor(),
                500, Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(15),
                RelaySettings.DEFAULT_LINGER);
        return new ChangeLogRelay(store, kafka.properties(), relaySettings,
                new ChangeEventCodec(mapper), signal, clock);
    }

    @Bean
    SecretHasher secretHasher() {
        return new SecretHasher();
    }

    /** Seals client secrets so SigV4 signatures (Glue API) can be verified; the key lives in the data directory. */
    @Bean
    SecretSealer secretSealer(CairnSettings settings) {
        return SecretSealer.loadOrCreate(settings.absoluteDataDir());
    }

    @Bean
    RootCredential rootCredential(CairnSettings settings, SecretHasher hasher, ObjectMapper mapper, SecretSealer sealer) {
        return RootCredential.load(settings.rootCredentialValue().map(ClientCredential::parse), settings.absoluteDataDir(), hasher, mapper,
                MetadataConfiguration::announce, sealer);
    }

    @Bean
    ClientRegistry clientRegistry(GraphStore store, SecretHasher hasher, ObjectMapper mapper, RootCredential root, SecretSealer sealer) {
        return new ClientRegistry(store, hasher, mapper, root.clientId(), sealer);
    }

    @Bean
    TokenService tokenService(CairnSettings settings, Clock clock) {
        return new TokenService(TokenService.loadOrCreateKey(settings.tokenSigningKeyValue(), settings.absoluteDataDir()),
                settings.tokenTtl(), clock);
    }

    @Bean
    Authenticator authenticator(RootCredential root, ClientRegistry clients, TokenService tokens) {
        return new Authenticator(root, clients, tokens);
    }

    private static SessionConfig sessionConfig(Backends backends) {
        String database = backends.neo4jDatabase();
        return database == null || database.isBlank() ? SessionConfig.defaultConfig() : SessionConfig.forDatabase(database);
    }

    /** Shown once, at the first start: only the hash is kept. */
    private static void announce(ClientCredential credential) {
        String line = "Generated the root credential " + credential.clientId() + ":" + credential.secret()
                + "  (shown only now; stored hashed in the data directory)";
        System.out.println();
        System.out.println("=".repeat(Math.min(line.length(), 100)));
        System.out.println(line);
        System.out.println("=".repeat(Math.min(line.length(), 100)));
        System.out.println();
        LOG.info("Generated a root credential for client '{}'", credential.clientId());
    }
}
