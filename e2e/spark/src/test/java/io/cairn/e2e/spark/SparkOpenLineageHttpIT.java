package io.cairn.e2e.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issue 5: Spark with {@code openlineage-spark} reporting to Cairn over HTTP (gzip bodies, {@code api_key} auth with a
 * static {@code <client>:<secret>} key) while it writes Iceberg tables through Cairn's REST catalog.
 */
class SparkOpenLineageHttpIT extends OpenLineageTransportIT {

    @Override
    String transportName() {
        return "http";
    }

    @Override
    Map<String, String> transport(CairnUnderTest cairn) {
        Map<String, String> transport = new LinkedHashMap<>();
        transport.put("type", "http");
        transport.put("url", cairn.baseUri());
        transport.put("endpoint", "/api/v1/lineage");
        transport.put("compression", "gzip");
        transport.put("auth.type", "api_key");
        transport.put("auth.apiKey", cairn.rootCredential());
        transport.put("timeoutInMillis", "30000");
        return transport;
    }

    @Override
    Duration lineageTimeout() {
        return Duration.ofSeconds(90);
    }
}
