package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * A thin JSON layer over Elasticsearch's low-level REST client. Only REST endpoints of the server core are used, so
 * the same calls work on the embedded node (no reindex, painless or ingest modules) and on a full cluster.
 */
public final class EsHttp {

    /** An answer with its status; non-2xx answers are returned, not thrown, so callers decide what a 404 or 409 means. */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final RestClient client;
    private final ObjectMapper mapper;

    public EsHttp(RestClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    public Reply send(String method, String path, Map<String, String> parameters, String body, boolean ndjson) {
        Request request = new Request(method, path);
        parameters.forEach(request::addParameter);
        if (body != null) {
            request.setEntity(new NStringEntity(body, ndjson ? ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)
                    : ContentType.APPLICATION_JSON));
        }
        try {
            return reply(client.performRequest(request));
        } catch (ResponseException e) {
            return reply(e.getResponse());
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch " + method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    public Reply send(String method, String path, Object body) {
        return send(method, path, Map.of(), body == null ? null : json(body), false);
    }

    /** Like {@link #send} but a non-2xx answer is an error. */
    public JsonNode require(String method, String path, Object body) {
        Reply reply = send(method, path, body);
        if (!reply.ok()) {
            throw new IllegalStateException("Elasticsearch " + method + " " + path + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.body();
    }

    public String json(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private Reply reply(Response response) {
        try {
            JsonNode body = mapper.nullNode();
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    byte[] bytes = in.readAllBytes();
                    if (bytes.length > 0) {
                        body = mapper.readTree(bytes);
                    }
                }
            }
            return new Reply(response.getStatusLine().getStatusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
