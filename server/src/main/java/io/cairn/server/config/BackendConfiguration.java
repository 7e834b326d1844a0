package io.cairn.server.config;

import io.cairn.server.backend.Backends;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The backend clients, pointed at the embedded or the configured servers. */
@Configuration(proxyBeanMethods = false)
public class BackendConfiguration {

    @Bean(destroyMethod = "close")
    Backends backends(CairnSettings settings) {
        return Backends.start(settings);
    }

    @Bean(destroyMethod = "close")
    Driver neo4jDriver(Backends backends) {
        Config config = Config.builder()
                .withLogging(Logging.slf4j())
                .withMaxConnectionPoolSize(64)
                .withConnectionAcquisitionTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                .withMaxTransactionRetryTime(30, java.util.concurrent.TimeUnit.SECONDS)
                .build();
        Driver driver = GraphDatabase.driver(backends.neo4jUri(), backends.neo4jAuth(), config);
        try {
            driver.verifyConnectivity();
        } catch (RuntimeException e) {
            driver.close();
            throw new StartupException("cannot reach Neo4j at " + backends.neo4jUri() + ": " + e.getMessage(), e);
        }
        return driver;
    }

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(Backends backends, CairnSettings settings) {
        HttpHost[] hosts = backends.elasticsearchUris().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config.setConnectTimeout(5_000).setSocketTimeout(30_000));
        CairnSettings.Elasticsearch elasticsearch = settings.elasticsearch();
        if (elasticsearch.username() != null && !elasticsearch.username().isBlank()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(elasticsearch.username(), elasticsearch.password()));
            builder.setHttpClientConfigCallback(client -> client.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    /** The Kafka client settings every Cairn producer, consumer and admin client starts from. */
    @Bean
    KafkaClientSettings kafkaClientSettings(Backends backends) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", backends.kafkaBootstrapServers());
        config.put("reconnect.backoff.max.ms", (int) Duration.ofSeconds(5).toMillis());
        return new KafkaClientSettings(config);
    }
}
