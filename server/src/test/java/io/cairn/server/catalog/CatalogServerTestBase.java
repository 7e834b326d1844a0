package io.cairn.server.catalog;

import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One in-JVM Cairn (real embedded backends) shared by every catalog test class: they all extend this class, so
 * Spring's context cache gives them the same context. It has its own data directory, so it can live beside the
 * context of the other server tests.
 */
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class CatalogServerTestBase {

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get(), "the order id"),
            Types.NestedField.optional(2, "customer", Types.StringType.get()),
            Types.NestedField.optional(3, "address", Types.StructType.of(
                    Types.NestedField.optional(4, "city", Types.StringType.get()))));

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
        registry.add("cairn.data-dir", DATA_DIR::toString);
        registry.add("cairn.catalog.warehouses.second.location", () -> "file:" + DATA_DIR.resolve("second-warehouse"));
    }

    @LocalServerPort
    int port;

    HttpApi api;
    String rootToken;
    RESTCatalog catalog;

    @BeforeEach
    void connect() {
        api = new HttpApi("http://127.0.0.1:" + port);
        rootToken = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        catalog = client(CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET, Map.of());
    }

    @AfterEach
    void disconnect() throws IOException {
        catalog.close();
    }

    RESTCatalog client(String credential, Map<String, String> extra) {
        RESTCatalog client = new RESTCatalog();
        Map<String, String> properties = new HashMap<>();
        properties.put("uri", "http://127.0.0.1:" + port + "/iceberg");
        properties.put("credential", credential);
        properties.putAll(extra);
        client.initialize("cairn", properties);
        return client;
    }

    /** A new client with the given role; returns its credential. */
    String newClient(String role) {
        String id = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpApi.Reply created = api.post("/api/v1/admin/clients", rootToken, "application/json",
                "{\"clientId\":\"" + id + "\",\"role\":\"" + role + "\",\"description\":\"catalog test\"}");
        if (created.status() != 201) {
            throw new AssertionError("cannot create client: " + created.body());
        }
        return id + ":" + created.json().get("clientSecret").asText();
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static DataFile dataFile(String name) {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("/tmp/cairn-test-data/" + name + ".parquet")
                .withFormat("parquet")
                .withFileSizeInBytes(1024)
                .withRecordCount(10)
                .build();
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cairn-catalog-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
