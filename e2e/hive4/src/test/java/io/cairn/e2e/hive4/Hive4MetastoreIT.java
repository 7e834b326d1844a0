package io.cairn.e2e.hive4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.e2e.CairnJar;
import io.cairn.e2e.CairnPorts;
import io.cairn.e2e.CairnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hive 4.0.1's metastore client, authenticating with SASL PLAIN as a Cairn client (the default
 * {@code CAIRN_HMS_AUTH=sasl-plain}), against Cairn started from the jar; tables created through Iceberg REST (plain
 * HTTP here, to keep this class path Hive's own) are read through the metastore.
 */
class Hive4MetastoreIT {

    private static final String ROOT_ID = "root";
    private static final String ROOT_SECRET = "e2e-root-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CairnProcess cairn;
    private static String rootToken;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("cairn-e2e-hive4-");
        Path jar = CairnJar.privateCopy(work.resolve("jar"));
        cairn = CairnProcess.start(jar, work.resolve("data"), CairnPorts.free(),
                Map.of("CAIRN_ROOT_CREDENTIAL", ROOT_ID + ":" + ROOT_SECRET), List.of("-Xmx1g"), work.resolve("cairn.log"));
        // The shared build machine can take minutes to start the embedded backends.
        cairn.awaitHealthy(Duration.ofMinutes(15));
        rootToken = token(ROOT_ID, ROOT_SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cairn != null) {
            cairn.stop(Duration.ofMinutes(2));
        }
    }

    private static Configuration conf(String clientId, String secret) {
        Configuration conf = new Configuration();
        conf.set("metastore.thrift.uris", "thrift://127.0.0.1:" + cairn.ports().hms());
        conf.set("metastore.client.auth.mode", "PLAIN");
        conf.set("metastore.client.plain.username", clientId);
        // Hive reads the password with Configuration.getPassword(user): a credential provider, else this entry.
        conf.set(clientId, secret);
        conf.set("metastore.client.socket.timeout", "120s");
        conf.set("metastore.connect.retries", "1");
        return conf;
    }

    private static String token(String id, String secret) throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(cairn.baseUri().resolve("/api/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        return field(reply.body(), "access_token");
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(cairn.baseUri().resolve(path))
                .header("Authorization", "Bearer " + rootToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    @Test
    void hive4ClientManagesDatabasesAndReadsIcebergRestTables() throws Exception {
        HiveMetaStoreClient client = new HiveMetaStoreClient(conf(ROOT_ID, ROOT_SECRET));
        try {
            client.createDatabase(new Database("h4_sales", "the shop", null, new HashMap<>(Map.of("team", "sales"))));
            Database read = client.getDatabase("h4_sales");
            assertThat(read.getDescription()).isEqualTo("the shop");
            assertThat(read.getParameters()).containsEntry("team", "sales");
            assertThat(read.getCatalogName()).isEqualTo("hive");
            assertThat(Path.of(URI.create(read.getLocationUri()))).isDirectory();
            assertThat(client.getAllDatabases()).contains("h4_sales");
            assertThat(client.getDatabases("h4_*")).containsExactly("h4_sales");
            read.getParameters().put("team", "finance");
            client.alterDatabase("h4_sales", read);
            assertThat(client.getDatabase("h4_sales").getParameters()).containsEntry("team", "finance");
            assertThatThrownBy(() -> client.getDatabase("h4_missing")).isInstanceOf(NoSuchObjectException.class);

            // An Iceberg table created through REST is an external ICEBERG table through the metastore.
            assertThat(post("/iceberg/v1/default/namespaces", "{\"namespace\":[\"h4_sales\"]}").statusCode()).isEqualTo(409);
            HttpResponse<String> created = post("/iceberg/v1/default/namespaces/h4_sales/tables", """
                    {"name": "orders", "schema": {"type": "struct", "schema-id": 0, "fields": [
                      {"id": 1, "name": "id", "required": true, "type": "long"},
                      {"id": 2, "name": "placed", "required": false, "type": "timestamptz"},
                      {"id": 3, "name": "tags", "required": false, "type": {"type": "list", "element-id": 4,
                                                                            "element": "string", "element-required": false}}]}}
                    """);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            Table table = client.getTable("h4_sales", "orders");
            assertThat(table.getTableType()).isEqualTo("EXTERNAL_TABLE");
            assertThat(table.getParameters()).containsEntry("table_type", "ICEBERG")
                    .containsEntry("metadata_location", field(created.body(), "metadata-location"));
            assertThat(table.getSd().getCols()).extracting(col -> col.getName() + ":" + col.getType())
                    .containsExactly("id:bigint", "placed:timestamp", "tags:array<string>");
            assertThat(client.getAllTables("h4_sales")).containsExactly("orders");
            assertThat(client.getTables("h4_sales", "ord*")).containsExactly("orders");
            assertThat(client.getTableObjectsByName("h4_sales", List.of("orders", "missing")))
                    .extracting(Table::getTableName).containsExactly("orders");
            assertThatThrownBy(() -> client.getTable("h4_sales", "missing")).isInstanceOf(NoSuchObjectException.class);

            // Locks through the Hive 4 client.
            LockComponent component = new LockComponent(LockType.EXCLUSIVE, LockLevel.TABLE, "h4_sales");
            component.setTablename("orders");
            LockRequest request = new LockRequest(List.of(component), "hive4-e2e", "localhost");
            LockResponse lock = client.lock(request);
            assertThat(lock.getState()).isEqualTo(LockState.ACQUIRED);
            assertThat(client.lock(request).getState()).isEqualTo(LockState.WAITING);
            ShowLocksRequest show = new ShowLocksRequest();
            show.setDbname("h4_sales");
            assertThat(client.showLocks(show).getLocks()).hasSize(2);
            client.unlock(lock.getLockid());

            client.dropTable("h4_sales", "orders", false, false);
            assertThat(client.getAllTables("h4_sales")).isEmpty();
            client.dropDatabase("h4_sales");
            assertThat(client.getAllDatabases()).doesNotContain("h4_sales");
        } finally {
            client.close();
        }
    }

    @Test
    void plainAuthenticationRefusesWrongSecretsAndReadersCannotWrite() throws Exception {
        assertThatThrownBy(() -> new HiveMetaStoreClient(conf(ROOT_ID, "wrong-secret"))).isInstanceOf(MetaException.class);
        HttpResponse<String> reader = post("/api/v1/admin/clients", "{\"clientId\":\"hive4-reader\",\"role\":\"reader\"}");
        assertThat(reader.statusCode()).as(reader.body()).isEqualTo(201);
        HiveMetaStoreClient client = new HiveMetaStoreClient(conf("hive4-reader", field(reader.body(), "clientSecret")));
        try {
            assertThat(client.getAllDatabases()).isNotNull();
            assertThatThrownBy(() -> client.createDatabase(new Database("h4_denied", null, null, new HashMap<>())))
                    .isInstanceOf(MetaException.class).hasMessageContaining("reader");
        } finally {
            client.close();
        }
    }
}
