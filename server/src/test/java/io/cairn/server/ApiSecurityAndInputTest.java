package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.auth.TokenService;
import io.cairn.server.config.CairnSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiSecurityAndInputTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    CairnSettings settings;

    HttpApi api;
    String rootToken;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        rootToken = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
    }

    @Test
    void healthNeedsNoTokenAndReportsEachBackend() {
        HttpApi.Reply health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        JsonNode json = health.json();
        assertThat(json.get("status").asText()).isEqualTo("UP");
        for (String backend : new String[] {"neo4j", "elasticsearch", "kafka"}) {
            assertThat(json.at("/components/" + backend + "/status").asText()).as(backend).isEqualTo("UP");
        }
    }

    @Test
    void missingBadAndExpiredTokensGet401WithAJsonBody() {
        HttpApi.Reply none = api.get("/api/v1/audit", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.json().get("detail").asText()).contains("Authorization: Bearer");

        assertThat(api.get("/api/v1/audit", "garbage").status()).isEqualTo(401);
        String tampered = rootToken.substring(0, rootToken.lastIndexOf('.') + 1) + "AAAA" + rootToken.substring(rootToken.lastIndexOf('.') + 5);
        HttpApi.Reply badSignature = api.get("/api/v1/audit", tampered);
        assertThat(badSignature.status()).isEqualTo(401);
        assertThat(badSignature.json().get("detail").asText()).contains("signature");

        TokenService pastIssuer = new TokenService(TokenService.loadOrCreateKey(Optional.empty(), settings.absoluteDataDir()),
                Duration.ofMinutes(1), Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        HttpApi.Reply expired = api.get("/api/v1/audit", pastIssuer.issue(Actor.client("root", Role.ADMIN)).accessToken());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asText()).contains("expired");

        HttpApi.Reply iceberg = api.get("/iceberg/v1/config", null);
        assertThat(iceberg.status()).isEqualTo(401);
        assertThat(iceberg.json().at("/error/type").asText()).isEqualTo("NotAuthorizedException");
        assertThat(iceberg.json().at("/error/code").asInt()).isEqualTo(401);

        String urn = "urn:cairn:dataset:" + UUID.randomUUID();
        assertThat(api.put("/api/v1/entities/" + urn + "/aspects/description", null, "{\"text\":\"x\"}").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/entities/" + urn, rootToken).status()).as("nothing written").isEqualTo(404);
    }

    @Test
    void theTokenEndpointSpeaksOAuth2() {
        HttpApi.Reply iceberg = api.post("/iceberg/v1/oauth/tokens", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=root&client_secret=" + CairnTestServer.ROOT_SECRET + "&scope=catalog");
        assertThat(iceberg.status()).isEqualTo(200);
        assertThat(iceberg.json().get("token_type").asText()).isEqualTo("bearer");
        assertThat(iceberg.json().get("expires_in").asLong()).isEqualTo(3600);
        assertThat(iceberg.json().get("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");

        HttpApi.Reply wrong = api.post("/api/v1/oauth/tokens", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=root&client_secret=nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");

        HttpApi.Reply noGrant = api.post("/api/v1/oauth/tokens", null, "application/x-www-form-urlencoded", "client_id=root");
        assertThat(noGrant.status()).isEqualTo(400);
        assertThat(noGrant.json().get("error").asText()).isEqualTo("invalid_request");

        String basic = java.util.Base64.getEncoder().encodeToString(("root:" + CairnTestServer.ROOT_SECRET).getBytes());
        HttpApi.Reply viaBasic = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/oauth/tokens"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertThat(viaBasic.status()).isEqualTo(200);
    }

    @Test
    void readersCannotWriteAndTheAuditLogNamesTheWriter() {
        String writerId = "writer-" + UUID.randomUUID().toString().substring(0, 8);
        String writer = createClient(writerId, "writer");
        String reader = createClient("reader-" + UUID.randomUUID().toString().substring(0, 8), "reader");
        String urn = "urn:cairn:dataset:" + UUID.randomUUID();

        HttpApi.Reply denied = api.put("/api/v1/entities/" + urn + "/aspects/description", reader, "{\"text\":\"by reader\"}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/entities/" + urn, rootToken).status()).isEqualTo(404);

        HttpApi.Reply written = api.put("/api/v1/entities/" + urn + "/aspects/description", writer, "{\"text\":\"orders\"}");
        assertThat(written.status()).isEqualTo(200);
        assertThat(written.json().get("version").asLong()).isEqualTo(1);
        assertThat(api.put("/api/v1/entities/" + urn + "/aspects/description", rootToken, "{\"text\":\"orders, cleaned\"}").status()).isEqualTo(200);

        HttpApi.Reply audit = api.get("/api/v1/audit?urn=" + urn, reader);
        assertThat(audit.status()).isEqualTo(200);
        JsonNode events = audit.json().get("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("principal").asText()).isEqualTo("urn:cairn:principal:client:root");
        assertThat(events.get(0).at("/before/text").asText()).isEqualTo("orders");
        assertThat(events.get(1).get("principal").asText()).endsWith(":" + writerId);
        assertThat(events.get(1).at("/after/text").asText()).isEqualTo("orders");

        HttpApi.Reply byPrincipal = api.get("/api/v1/audit?principal=" + writerId, reader);
        assertThat(byPrincipal.json().get("events")).hasSize(1);
    }

    @Test
    void revokedClientsLoseAccessAndOnlyAdminsManageClients() {
        String id = "temp-" + UUID.randomUUID().toString().substring(0, 8);
        String token = createClient(id, "writer");
        assertThat(api.post("/api/v1/admin/clients", token, "application/json", "{\"role\":\"admin\"}").status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/admin/clients/" + id, rootToken).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit", token).status()).isEqualTo(401);
        assertThat(api.delete("/api/v1/admin/clients/nobody-at-all", rootToken).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/admin/clients", rootToken, "application/json", "{\"clientId\":\"" + id + "\",\"role\":\"reader\"}").status())
                .isEqualTo(409);
        JsonNode list = api.get("/api/v1/admin/clients", rootToken).json();
        assertThat(list.get("clients").findValuesAsText("clientId")).contains(id);
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        String urn = "urn:cairn:dataset:" + UUID.randomUUID();
        String path = "/api/v1/entities/" + urn + "/aspects/description";
        assertThat(api.put(path, rootToken, "{\"text\":\"kept\"}").status()).isEqualTo(200);

        HttpApi.Reply malformed = api.put(path, rootToken, "{\"text\": \"unterminated");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).contains("malformed JSON");

        HttpApi.Reply unknownField = api.put(path, rootToken, "{\"text\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asText()).contains("unknown field 'colour'").contains("text");

        HttpApi.Reply wrongType = api.put(path, rootToken, "{\"text\":{\"nested\":true}}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("detail").asText()).contains("/text");

        HttpApi.Reply nullValue = api.put(path, rootToken, "{\"text\":null}");
        assertThat(nullValue.status()).isEqualTo(400);

        HttpApi.Reply trailing = api.put(path, rootToken, "{\"text\":\"x\"} {}");
        assertThat(trailing.status()).isEqualTo(400);

        HttpApi.Reply empty = api.put(path, rootToken, "");
        assertThat(empty.status()).isEqualTo(400);

        String huge = "{\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpApi.Reply tooLarge = api.put(path, rootToken, huge);
        assertThat(tooLarge.status()).isEqualTo(413);

        HttpApi.Reply chunkedTooLarge = api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes()))));
        assertThat(chunkedTooLarge.status()).isEqualTo(413);

        HttpApi.Reply notJson = api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")));
        assertThat(notJson.status()).isEqualTo(415);

        assertThat(api.put("/api/v1/entities/urn:cairn:dataset:orders/aspects/description", rootToken, "{\"text\":\"x\"}").status()).isEqualTo(400);
        HttpApi.Reply unknownAspect = api.put("/api/v1/entities/" + urn + "/aspects/colour", rootToken, "{\"text\":\"x\"}");
        assertThat(unknownAspect.status()).isEqualTo(400);
        assertThat(unknownAspect.json().get("detail").asText()).contains("unknown aspect 'colour'");

        HttpApi.Reply stale = api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"7\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"stale\"}")));
        assertThat(stale.status()).isEqualTo(412);

        JsonNode current = api.get(path, rootToken).json();
        assertThat(current.get("version").asLong()).isEqualTo(1);
        assertThat(current.at("/value/text").asText()).isEqualTo("kept");
        assertThat(api.get("/api/v1/audit?urn=" + urn, rootToken).json().get("events")).hasSize(1);
    }

    private String createClient(String id, String role) {
        HttpApi.Reply created = api.post("/api/v1/admin/clients", rootToken, "application/json",
                "{\"clientId\":\"" + id + "\",\"role\":\"" + role + "\",\"description\":\"test\"}");
        assertThat(created.status()).isEqualTo(201);
        return api.token(id, created.json().get("clientSecret").asText());
    }
}
