package io.cairn.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything an operator configures, bound from {@code CAIRN_*} environment variables, {@code -Dcairn.*} system
 * properties or {@code --cairn.*} arguments (Spring's relaxed binding: {@code CAIRN_NEO4J_URI} is
 * {@code cairn.neo4j.uri}). A backend without a configured address is started embedded.
 */
@ConfigurationProperties("cairn")
public record CairnSettings(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("8181") int port,
        @DefaultValue({"catalog", "ingest", "indexer", "api", "ui"}) Set<String> roles,
        String rootCredential,
        String tokenSigningKey,
        @DefaultValue("1h") Duration tokenTtl,
        @DefaultValue("16MB") DataSize maxRequestSize,
        @DefaultValue Neo4j neo4j,
        @DefaultValue Elasticsearch elasticsearch,
        @DefaultValue Kafka kafka,
        @DefaultValue Embedded embedded,
        @DefaultValue ChangeLog changelog,
        @DefaultValue Hms hms) {

    public record Neo4j(String uri, @DefaultValue("neo4j") String username, String password, String database) {
        public boolean external() {
            return uri != null && !uri.isBlank();
        }
    }

    public record Elasticsearch(List<String> uris, String username, String password) {
        public boolean external() {
            return uris != null && !uris.isEmpty();
        }
    }

    public record Kafka(String bootstrapServers) {
        public boolean external() {
            return bootstrapServers != null && !bootstrapServers.isBlank();
        }
    }

    /** Where the embedded backends listen. Loopback only: they carry no authentication of their own. */
    public record Embedded(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("7687") int neo4jPort,
            @DefaultValue("9200") int elasticsearchPort,
            @DefaultValue("9092") int kafkaPort,
            @DefaultValue("9093") int kafkaControllerPort) {
    }

    public record ChangeLog(
            @DefaultValue("cairn.changes") String topic,
            @DefaultValue("6") int partitions,
            @DefaultValue("1") short replicationFactor) {
    }

    /**
     * The Hive Metastore Thrift API of the catalog role ({@code CAIRN_HMS_PORT}, {@code CAIRN_HMS_AUTH} =
     * {@code sasl-plain} or {@code none}, {@code CAIRN_HMS_UNAUTHENTICATED_ROLE} for {@code none}).
     */
    public record Hms(
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("9083") int port,
            @DefaultValue("sasl-plain") String auth,
            @DefaultValue("reader") String unauthenticatedRole,
            @DefaultValue("100MB") DataSize maxMessageSize,
            @DefaultValue("200") int maxConnections) {
    }

    public Optional<String> rootCredentialValue() {
        return Optional.ofNullable(rootCredential).filter(value -> !value.isBlank());
    }

    public Optional<String> tokenSigningKeyValue() {
        return Optional.ofNullable(tokenSigningKey).filter(value -> !value.isBlank());
    }

    public Path absoluteDataDir() {
        return dataDir.toAbsolutePath().normalize();
    }

    public Set<CairnRole> activeRoles() {
        return CairnRole.parse(roles);
    }
}
