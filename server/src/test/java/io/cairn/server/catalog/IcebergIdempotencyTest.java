package io.cairn.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.rest.IcebergSupport;
import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.GraphStore;
import io.cairn.server.HttpApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;

/** Idempotency keys are committed in the unit of work of the change they guard: with it, or not at all. */
class IcebergIdempotencyTest extends CatalogServerTestBase {

    private static final Actor ROOT = Actor.client("root", Role.ADMIN);

    @Autowired
    IcebergSupport support;

    @Autowired
    IdempotencyStore idempotency;

    @Autowired
    GraphStore store;

    /** The first request committed its change, then the process died before the answer was kept. */
    @Test
    void aRetryAfterACrashBetweenCommitAndAnswerGetsTheFirstResultNotAConflict() {
        String ns = unique("crash");
        String key = UUID.randomUUID().toString();
        String body = "{\"namespace\":[\"" + ns + "\"],\"properties\":{\"owner\":\"ana\"}}";
        MockHttpServletRequest first = request("POST", "/iceberg/v1/default/namespaces", key, body);
        var crashed = support.mutation(first, body.getBytes(StandardCharsets.UTF_8), () -> {
            support.catalog("default", ROOT).createNamespace(Namespace.of(ns), Map.of("owner", "ana"));
            throw new IllegalStateException("the process died before the answer was kept");
        });
        assertThat(crashed.getStatusCode().value()).isEqualTo(500);
        assertThat(catalog.namespaceExists(Namespace.of(ns))).as("the change itself committed").isTrue();
        assertThat(idempotency.find(key)).hasValueSatisfying(record -> assertThat(record.pending()).isTrue());

        HttpApi.Reply retry = withKey("POST", "/iceberg/v1/default/namespaces", key, body);
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().at("/namespace/0").asText()).isEqualTo(ns);
        assertThat(retry.json().at("/properties/owner").asText()).isEqualTo("ana");
        HttpApi.Reply again = withKey("POST", "/iceberg/v1/default/namespaces", key, body);
        assertThat(again.body()).isEqualTo(retry.body());
    }

    /** A table created and committed with keys: retries answer the first result and change nothing. */
    @Test
    void retriedTableMutationsReturnTheFirstResultAndActOnce() {
        Namespace ns = Namespace.of(unique("idem_tables"));
        catalog.createNamespace(ns);
        String create = """
                {"name":"t","schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}}
                """;
        String createKey = UUID.randomUUID().toString();
        String tables = "/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables";
        HttpApi.Reply created = withKey("POST", tables, createKey, create);
        HttpApi.Reply createdAgain = withKey("POST", tables, createKey, create);
        assertThat(created.status()).isEqualTo(200);
        assertThat(createdAgain.status()).as("exists, but the retry gets the first answer").isEqualTo(200);
        assertThat(createdAgain.body()).isEqualTo(created.body());

        String metadata = created.json().get("metadata-location").asText();
        String append = """
                {"requirements":[{"type":"assert-table-uuid","uuid":"%s"}],
                 "updates":[{"action":"set-properties","updates":{"stage":"one"}}]}
                """.formatted(created.json().at("/metadata/table-uuid").asText());
        String commitKey = UUID.randomUUID().toString();
        HttpApi.Reply committed = withKey("POST", tables + "/t", commitKey, append);
        assertThat(idempotency.find(commitKey)).as("the committed claim rebuilds the answer, so it is not stored too")
                .hasValueSatisfying(record -> assertThat(record.pending()).isTrue());
        HttpApi.Reply committedAgain = withKey("POST", tables + "/t", commitKey, append);
        assertThat(idempotency.find(commitKey)).as("the first retry keeps the answer it rebuilt")
                .hasValueSatisfying(record -> assertThat(record.status()).isEqualTo(200));
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        assertThat(committedAgain.body()).isEqualTo(committed.body());
        assertThat(committed.json().get("metadata-location").asText()).isNotEqualTo(metadata);
        var history = catalog.loadTable(TableIdentifier.of(ns, "t"));
        assertThat(((org.apache.iceberg.HasTableOperations) history).operations().current().previousFiles())
                .as("one commit after the create, not two").hasSize(1);
    }

    /** A change that fails rolls its key back with it: nothing is recorded, so a retry really runs again. */
    @Test
    void aFailedChangeLeavesNoRecord() {
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> store.write(ROOT, unit -> {
            idempotency.claim(unit, key, "claimant", "fingerprint", null);
            throw new IllegalStateException("the change failed after claiming its key");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(idempotency.find(key)).isEmpty();

        // Through the catalog: a change refused inside its unit of work claims nothing. Its final client error is the
        // answer the key keeps (the spec's finalized response), and the retry gets it without running again.
        Namespace existing = Namespace.of(unique("existing"));
        catalog.createNamespace(existing, new java.util.HashMap<>(Map.of("v", "1")));
        String refusedKey = UUID.randomUUID().toString();
        String body = "{\"namespace\":[\"" + existing.level(0) + "\"],\"properties\":{\"v\":\"2\"}}";
        var refused = support.mutation(request("POST", "/iceberg/v1/default/namespaces", refusedKey, body),
                body.getBytes(StandardCharsets.UTF_8), () -> {
                    support.catalog("default", ROOT).createNamespace(existing, Map.of("v", "2"));
                    throw new AssertionError("an existing namespace was created again");
                });
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(idempotency.find(refusedKey)).hasValueSatisfying(record -> {
            assertThat(record.pending()).as("no committed change was recorded").isFalse();
            assertThat(record.status()).isEqualTo(409);
        });
        assertThat(catalog.loadNamespaceMetadata(existing)).containsEntry("v", "1");
        assertThat(withKey("POST", "/iceberg/v1/default/namespaces", refusedKey, body).status()).isEqualTo(409);
    }

    private static MockHttpServletRequest request(String method, String path, String key, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader(IcebergSupport.IDEMPOTENCY_KEY, key);
        if (body != null) {
            request.setContent(body.getBytes(StandardCharsets.UTF_8));
            request.setContentType("application/json");
        }
        return request;
    }

    private HttpApi.Reply withKey(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken).header("Idempotency-Key", key);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return api.send(request);
    }
}
