package io.cairn.server.config;

import io.cairn.lineage.LineageModule;
import io.cairn.lineage.graph.LineageGraphWriter;
import io.cairn.lineage.kafka.OpenLineageKafkaConsumer;
import io.cairn.lineage.parse.EventBodies;
import io.cairn.lineage.retention.RawEventPruner;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.GraphStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code ingest} role: OpenLineage over HTTP ({@code POST /api/v1/lineage}, {@code /api/v1/lineage/batch}) and
 * over Kafka (a consumer group on {@code cairn.lineage.kafka.topics}), and the raw-event pruner.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.INGEST)
@Import(LineageModule.class)
public class IngestRoleConfiguration {

    /** Who the Kafka consumer writes as: it has no caller, and the audit log should say where the events came from. */
    static final Actor KAFKA_ACTOR = Actor.client("openlineage-kafka", Role.WRITER);

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "cairn.lineage.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
    OpenLineageKafkaConsumer openLineageKafkaConsumer(KafkaClientSettings kafka, LineageProperties lineage, EventBodies bodies,
                                                      LineageGraphWriter writer) {
        return new OpenLineageKafkaConsumer(kafka.properties(), lineage.kafka().settings(), bodies, writer, KAFKA_ACTOR);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RawEventPruner rawEventPruner(GraphStore store, LineageProperties lineage) {
        return new RawEventPruner(store, lineage.retention(), Clock.systemUTC());
    }
}
