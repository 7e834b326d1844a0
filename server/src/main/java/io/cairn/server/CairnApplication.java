package io.cairn.server;

import io.cairn.server.config.CairnSettings;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.neo4j.Neo4jDataAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.neo4j.Neo4jAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The Spring application. Protocol modules join through role-gated configurations in {@code io.cairn.server.config}
 * that import the module's own configuration, so a process without a role never even creates its beans. Backend clients are built from {@link CairnSettings} by Cairn's own configuration, not by
 * Boot's auto-configuration, so that one setting decides between an embedded and an external backend.
 */
@SpringBootApplication(exclude = {
        Neo4jAutoConfiguration.class,
        Neo4jDataAutoConfiguration.class,
        ElasticsearchRestClientAutoConfiguration.class,
        ElasticsearchClientAutoConfiguration.class,
        KafkaAutoConfiguration.class})
@EnableConfigurationProperties(CairnSettings.class)
public class CairnApplication {
}
