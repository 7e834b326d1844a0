package io.cairn.server.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Asks {@code _cluster/health}: the embedded node answers no {@code GET /}, and status is what matters anyway. */
@Component("elasticsearch")
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

    private final RestClient client;
    private final ObjectMapper mapper;

    public ElasticsearchHealthIndicator(RestClient client, ObjectMapper mapper) {
        super("Elasticsearch health check failed");
        this.client = client;
        this.mapper = mapper;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Request request = new Request("GET", "/_cluster/health");
        request.addParameter("timeout", "3s");
        Response response = client.performRequest(request);
        JsonNode body = mapper.readTree(response.getEntity().getContent());
        String status = body.path("status").asText("unknown");
        builder.status("red".equals(status) ? org.springframework.boot.actuate.health.Status.DOWN
                        : org.springframework.boot.actuate.health.Status.UP)
                .withDetail("cluster", body.path("cluster_name").asText())
                .withDetail("status", status)
                .withDetail("nodes", body.path("number_of_nodes").asInt());
    }
}
