package io.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** A plain HTTP client for tests: what a user's tool would send, with no Spring in between. */
public final class HttpApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HttpApi(String base) {
        this.base = base;
    }

    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    public String token(String clientId, String secret) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + encode(clientId)
                        + "&client_secret=" + encode(secret))));
        if (reply.status() != 200) {
            throw new AssertionError("token request failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("access_token").asText();
    }

    public Reply get(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(URI.create(base + path)), token).GET());
    }

    public Reply put(String path, String token, String json) {
        return send(authorized(HttpRequest.newBuilder(URI.create(base + path)), token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply post(String path, String token, String contentType, String body) {
        return send(authorized(HttpRequest.newBuilder(URI.create(base + path)), token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply delete(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(URI.create(base + path)), token).DELETE());
    }

    /** The search API's answer to {@code query} (the part from '?'); anything but 200 fails the test. */
    public JsonNode search(String query, String token) {
        Reply reply = get("/api/v1/search" + query, token);
        if (reply.status() != 200) {
            throw new AssertionError("search " + query + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    /** Polls the search API until {@code done} accepts its answer; the index follows the graph asynchronously. */
    public JsonNode awaitSearch(String query, String token, Duration within, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last;
        do {
            last = search(query, token);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("search " + query + " did not reach the expected state; last answer: " + last);
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return base;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }
}
