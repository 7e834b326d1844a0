package io.cairn.server.health;

import io.cairn.metadata.store.GraphStore;
import org.neo4j.driver.TransactionConfig;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

@Component("neo4j")
public class Neo4jHealthIndicator extends AbstractHealthIndicator {

    private final GraphStore store;

    public Neo4jHealthIndicator(GraphStore store) {
        super("Neo4j health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try (var session = store.driver().session(store.sessionConfig())) {
            var record = session.run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
                    TransactionConfig.builder().withTimeout(java.time.Duration.ofSeconds(3)).build()).single();
            builder.up()
                    .withDetail("server", record.get("name").asString() + " " + record.get("version").asString())
                    .withDetail("edition", record.get("edition").asString());
        }
    }

}
