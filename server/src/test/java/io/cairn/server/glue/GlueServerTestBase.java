package io.cairn.server.glue;

import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/** One in-JVM Cairn (real embedded backends) shared by the Glue test classes, with clients made through the admin API. */
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GlueServerTestBase {

    static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    HttpApi api;
    String rootToken;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        rootToken = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
    }

    URI glueEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/glue");
    }

    /** A new client with the given role, created through the admin API: {id, secret}. */
    String[] newClient(String role) {
        String id = "glue-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpApi.Reply created = api.post("/api/v1/admin/clients", rootToken, "application/json",
                "{\"clientId\":\"" + id + "\",\"role\":\"" + role + "\",\"description\":\"glue test\"}");
        if (created.status() != 201) {
            throw new AssertionError("cannot create client: " + created.body());
        }
        return new String[] {id, created.json().get("clientSecret").asText()};
    }

    GlueClient glue(String accessKeyId, String secret) {
        return GlueClient.builder()
                // The test machine is shared and slow; a request must not time out and be retried half-done.
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(180)))
                .endpointOverride(glueEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .build();
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cairn-glue-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
