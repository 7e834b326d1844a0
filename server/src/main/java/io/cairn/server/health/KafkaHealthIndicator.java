package io.cairn.server.health;

import io.cairn.lineage.kafka.KafkaIngestState;
import io.cairn.lineage.kafka.OpenLineageKafkaConsumer;
import io.cairn.metadata.changelog.ChangeLogRelay;
import java.util.LinkedHashMap;
import java.util.Map;
import io.cairn.server.config.KafkaClientSettings;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

@Component("kafka")
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Admin admin;
    private final ChangeLogRelay relay;
    private final ObjectProvider<OpenLineageKafkaConsumer> openLineage;

    public KafkaHealthIndicator(KafkaClientSettings settings, ChangeLogRelay relay, ObjectProvider<OpenLineageKafkaConsumer> openLineage) {
        super("Kafka health check failed");
        Properties properties = new Properties();
        properties.putAll(settings.properties());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "cairn-health");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        this.admin = Admin.create(properties);
        this.relay = relay;
        this.openLineage = openLineage;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000));
        builder.up()
                .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
                .withDetail("brokers", cluster.nodes().get(3, TimeUnit.SECONDS).size())
                .withDetail("changeLogPublished", relay.publishedCount());
        if (relay.lastError() != null) {
            builder.withDetail("changeLogRelayError", relay.lastError());
        }
        // The OpenLineage consumer (ingest role only) is reported, not judged: while it retries, events wait in Kafka.
        OpenLineageKafkaConsumer consumer = openLineage.getIfAvailable();
        if (consumer != null) {
            KafkaIngestState state = consumer.state();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("running", state.running());
            detail.put("events", state.events());
            detail.put("deadLettered", state.deadLettered());
            detail.put("committedBatches", state.committedBatches());
            detail.put("lastCommit", state.lastCommit() == null ? null : state.lastCommit().toString());
            detail.put("lastError", state.lastError());
            builder.withDetail("openLineageConsumer", detail);
        }
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
