package io.cairn.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.server.HttpApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The catalog through Iceberg's own REST client and plain HTTP, against a real Cairn. */
class IcebergRestCatalogTest extends CatalogServerTestBase {

    @Autowired
    CatalogGraph graph;

    @Test
    void configListsEveryEndpointAndTheWarehousePrefix() {
        HttpApi.Reply config = api.get("/iceberg/v1/config", rootToken);
        assertThat(config.status()).isEqualTo(200);
        JsonNode json = config.json();
        assertThat(json.at("/overrides/prefix").asText()).isEqualTo("default");
        List<String> endpoints = new ArrayList<>();
        json.get("endpoints").forEach(endpoint -> endpoints.add(endpoint.asText()));
        assertThat(endpoints).contains("GET /v1/{prefix}/namespaces", "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                "POST /v1/{prefix}/transactions/commit", "POST /v1/{prefix}/namespaces/{namespace}/register-view",
                "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials",
                "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan").hasSize(26);
        assertThat(json.get("idempotency-key-lifetime").asText()).isEqualTo("PT30M");
        assertThat(api.get("/iceberg/v1/config?warehouse=default", rootToken).status()).isEqualTo(200);
        HttpApi.Reply unknown = api.get("/iceberg/v1/config?warehouse=nowhere", rootToken);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/type").asText()).isEqualTo("BadRequestException");
    }

    @Test
    void eachWarehouseIsACatalogOfItsOwnUnderItsPrefix() throws Exception {
        String name = unique("wh");
        try (org.apache.iceberg.rest.RESTCatalog second = client(
                io.cairn.server.CairnTestServer.ROOT_ID + ":" + io.cairn.server.CairnTestServer.ROOT_SECRET,
                Map.of("warehouse", "second"))) {
            second.createNamespace(Namespace.of(name));
            Table table = second.createTable(TableIdentifier.of(name, "t"), SCHEMA);
            assertThat(table.location()).contains("/second-warehouse/" + name + "/t");
            assertThat(second.namespaceExists(Namespace.of(name))).isTrue();
        }
        assertThat(catalog.namespaceExists(Namespace.of(name))).isFalse();
        assertThat(api.get("/iceberg/v1/config?warehouse=second", rootToken).json().at("/overrides/prefix").asText())
                .isEqualTo("second");
        assertThat(api.get("/iceberg/v1/second/namespaces/" + name + "/tables/t", rootToken).status()).isEqualTo(200);
        assertThat(api.get("/iceberg/v1/default/namespaces/" + name + "/tables/t", rootToken).status()).isEqualTo(404);
    }

    @Test
    void nestedAndEmptyNamespacesWithPropertiesAndPaging() {
        String top = unique("sales");
        Namespace parent = Namespace.of(top);
        Namespace child = Namespace.of(top, "eu");
        Namespace grandChild = Namespace.of(top, "eu", "fr");
        catalog.createNamespace(parent, new java.util.HashMap<>(Map.of("owner", "ana")));
        catalog.createNamespace(child);
        catalog.createNamespace(grandChild, new java.util.HashMap<>(Map.of("comment", "France")));
        catalog.createNamespace(Namespace.of(top, "us"));

        assertThat(catalog.listNamespaces(parent)).containsExactly(child, Namespace.of(top, "us"));
        assertThat(catalog.listNamespaces(child)).containsExactly(grandChild);
        assertThat(catalog.listNamespaces(grandChild)).isEmpty();
        assertThat(catalog.listNamespaces()).contains(parent).doesNotContain(child);
        assertThat(catalog.namespaceExists(grandChild)).isTrue();
        assertThat(catalog.loadNamespaceMetadata(grandChild)).containsEntry("comment", "France");
        assertThat(catalog.listTables(grandChild)).isEmpty();
        assertThatThrownBy(() -> catalog.createNamespace(child)).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> catalog.listNamespaces(Namespace.of(top, "nowhere"))).isInstanceOf(NoSuchNamespaceException.class);

        catalog.setProperties(parent, new java.util.HashMap<>(Map.of("team", "finance")));
        catalog.removeProperties(parent, new java.util.HashSet<>(java.util.Set.of("owner")));
        assertThat(catalog.loadNamespaceMetadata(parent)).containsEntry("team", "finance").doesNotContainKey("owner");

        // Paging over HTTP: pages of one, following the token, and %1F in the path.
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String query = "?parent=" + top + "&pageSize=1" + (token == null ? "" : "&pageToken=" + HttpApi.encode(token));
            JsonNode page = api.get("/iceberg/v1/default/namespaces" + query, rootToken).json();
            assertThat(page.get("namespaces")).hasSizeLessThanOrEqualTo(1);
            page.get("namespaces").forEach(ns -> seen.add(ns.toString()));
            token = page.hasNonNull("next-page-token") ? page.get("next-page-token").asText() : null;
        } while (token != null);
        assertThat(seen).containsExactly("[\"" + top + "\",\"eu\"]", "[\"" + top + "\",\"us\"]");
        HttpApi.Reply nested = api.get("/iceberg/v1/default/namespaces/" + top + "%1Feu%1Ffr", rootToken);
        assertThat(nested.status()).isEqualTo(200);
        assertThat(nested.json().at("/properties/comment").asText()).isEqualTo("France");
        HttpApi.Reply badPage = api.get("/iceberg/v1/default/namespaces?pageSize=zero", rootToken);
        assertThat(badPage.status()).isEqualTo(400);

        assertThatThrownBy(() -> catalog.dropNamespace(child)).isInstanceOf(NamespaceNotEmptyException.class);
        assertThat(catalog.dropNamespace(grandChild)).isTrue();
        assertThat(catalog.dropNamespace(grandChild)).isFalse();
        assertThat(catalog.listNamespaces(child)).isEmpty();
    }

    @Test
    void tablesLiveThroughCreateCommitRenameDropAndRegister() {
        Namespace ns = Namespace.of(unique("shop"));
        catalog.createNamespace(ns);
        TableIdentifier orders = TableIdentifier.of(ns, "orders");
        Table table = catalog.buildTable(orders, SCHEMA)
                .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).bucket("id", 4).build())
                .withProperty("owner", "ana").create();
        assertThat(table.location()).contains("/warehouse/" + ns.level(0) + "/orders");
        assertThat(catalog.tableExists(orders)).isTrue();
        assertThat(catalog.listTables(ns)).containsExactly(orders);
        assertThatThrownBy(() -> catalog.buildTable(orders, SCHEMA).create()).isInstanceOf(AlreadyExistsException.class);

        table.newFastAppend().appendFile(dataFile("a")).commit();
        table.updateSchema().addColumn("total", Types.DecimalType.of(10, 2), "order total").commit();
        table.newFastAppend().appendFile(dataFile("b")).commit();
        Table loaded = catalog.loadTable(orders);
        assertThat(loaded.snapshots()).hasSize(2);
        assertThat(loaded.schema().findField("total").doc()).isEqualTo("order total");

        // The data set node: canonical URN, aliases, columns as nodes, schema history, change events.
        CatalogEntry entry = graph.entry("default", List.of(ns.levels()), "orders").orElseThrow();
        String datasetUrn = entry.dataset().toString();
        assertThat(datasetUrn).startsWith("urn:cairn:dataset:");
        JsonNode dataset = api.get("/api/v1/entities/" + datasetUrn, rootToken).json();
        assertThat(dataset.toString()).contains("schema", "partitionSpec", "currentSnapshot", "datasetProperties");
        List<String> schemaHistory = graph.store().read(tx -> tx.run("""
                MATCH (a:Aspect {urn: $urn, name: 'schema'}) RETURN a.value AS value ORDER BY a.version
                """, Map.of("urn", datasetUrn)).list(record -> record.get("value").asString()));
        assertThat(schemaHistory).hasSize(2);
        assertThat(schemaHistory.get(0)).doesNotContain("order total");
        assertThat(schemaHistory.get(1)).contains("order total");
        assertThat(dataset.at("/aspects/currentSnapshot/value/snapshotId").asLong()).isEqualTo(loaded.currentSnapshot().snapshotId());
        assertThat(dataset.at("/aspects/currentSnapshot/version").asLong()).isEqualTo(3);
        String column = "urn:cairn:column:" + entry.dataset().uuid() + ":address.city";
        assertThat(api.get("/api/v1/entities/" + column, rootToken).status()).isEqualTo(200);
        JsonNode audit = api.get("/api/v1/audit?urn=" + datasetUrn + "&limit=100", rootToken).json();
        assertThat(audit.get("events").size()).isGreaterThanOrEqualTo(6);
        assertThat(aliasesOf(datasetUrn)).contains("iceberg:default." + ns.level(0) + ".orders", table.location());

        TableIdentifier renamed = TableIdentifier.of(ns, "orders_v2");
        catalog.renameTable(orders, renamed);
        assertThat(catalog.tableExists(orders)).isFalse();
        assertThat(catalog.loadTable(renamed).snapshots()).hasSize(2);
        assertThat(graph.entry("default", List.of(ns.levels()), "orders_v2").orElseThrow().dataset().toString()).isEqualTo(datasetUrn);
        assertThat(aliasesOf(datasetUrn)).contains("iceberg:default." + ns.level(0) + ".orders_v2")
                .doesNotContain("iceberg:default." + ns.level(0) + ".orders");

        String metadataLocation = ((org.apache.iceberg.HasTableOperations) catalog.loadTable(renamed)).operations()
                .current().metadataFileLocation();
        assertThat(catalog.dropTable(renamed, false)).isTrue();
        assertThat(catalog.tableExists(renamed)).isFalse();
        assertThatThrownBy(() -> catalog.loadTable(renamed)).isInstanceOf(NoSuchTableException.class);
        // Soft delete: the data set and its history stay, marked removed.
        assertThat(api.get("/api/v1/entities/" + datasetUrn + "/aspects/status", rootToken).json().at("/value/removed").asBoolean())
                .isTrue();

        TableIdentifier registered = TableIdentifier.of(ns, "orders_back");
        Table back = catalog.registerTable(registered, metadataLocation);
        assertThat(back.snapshots()).hasSize(2);
        assertThat(catalog.loadTable(registered).currentSnapshot().snapshotId()).isEqualTo(loaded.currentSnapshot().snapshotId());
        String registeredUrn = graph.entry("default", List.of(ns.levels()), "orders_back").orElseThrow().dataset().toString();
        assertThat(registeredUrn).isNotEqualTo(datasetUrn);
        assertThat(catalog.dropTable(registered, true)).isTrue();
        assertThat(api.get("/api/v1/entities/" + registeredUrn, rootToken).status()).as("purged").isEqualTo(404);
        assertThat(api.get("/api/v1/entities/" + datasetUrn, rootToken).status()).as("soft-deleted, kept").isEqualTo(200);
    }

    @Test
    void snapshotsRefsAndEtags() {
        Namespace ns = Namespace.of(unique("refs"));
        catalog.createNamespace(ns);
        TableIdentifier id = TableIdentifier.of(ns, "events");
        Table table = catalog.createTable(id, SCHEMA);
        table.newFastAppend().appendFile(dataFile("1")).commit();
        long first = table.currentSnapshot().snapshotId();
        table.newFastAppend().appendFile(dataFile("2")).commit();
        table.manageSnapshots().createTag("v1", first).commit();
        table.newFastAppend().appendFile(dataFile("3")).commit();
        // main -> third snapshot, tag v1 -> first; the second is referenced by nothing.
        String path = "/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables/events";
        HttpApi.Reply all = api.get(path, rootToken);
        HttpApi.Reply refs = api.get(path + "?snapshots=refs", rootToken);
        assertThat(all.json().at("/metadata/snapshots")).hasSize(3);
        assertThat(refs.json().at("/metadata/snapshots")).hasSize(2);
        assertThat(api.get(path + "?snapshots=some", rootToken).status()).isEqualTo(400);

        String etag = all.headers().firstValue("ETag").orElseThrow();
        assertThat(refs.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        HttpApi.Reply notModified = api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken).header("If-None-Match", etag).GET());
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        table.newFastAppend().appendFile(dataFile("4")).commit();
        HttpApi.Reply changed = api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Bearer " + rootToken).header("If-None-Match", etag).GET());
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);

        HttpApi.Reply credentials = api.get(path + "/credentials", rootToken);
        assertThat(credentials.status()).isEqualTo(200);
        assertThat(credentials.json().get("storage-credentials")).isEmpty();
        assertThat(api.get("/iceberg/v1/default/namespaces/" + ns.level(0) + "/tables/nope/credentials", rootToken).status())
                .isEqualTo(404);
    }

    @Test
    void viewsAreCreatedReplacedRenamedRegisteredAndDropped() {
        Namespace ns = Namespace.of(unique("views"));
        catalog.createNamespace(ns);
        catalog.createTable(TableIdentifier.of(ns, "base"), SCHEMA);
        TableIdentifier id = TableIdentifier.of(ns, "big_orders");
        View view = catalog.buildView(id).withSchema(SCHEMA).withDefaultNamespace(ns)
                .withQuery("spark", "select * from base where id > 10").create();
        assertThat(catalog.viewExists(id)).isTrue();
        assertThat(catalog.listViews(ns)).containsExactly(id);
        assertThat(catalog.listTables(ns)).containsExactly(TableIdentifier.of(ns, "base"));
        assertThatThrownBy(() -> catalog.buildView(TableIdentifier.of(ns, "base")).withSchema(SCHEMA).withDefaultNamespace(ns)
                .withQuery("spark", "select 1").create()).isInstanceOf(AlreadyExistsException.class);

        catalog.buildView(id).withSchema(SCHEMA).withDefaultNamespace(ns)
                .withQuery("spark", "select * from base where id > 100").createOrReplace();
        View replaced = catalog.loadView(id);
        assertThat(replaced.currentVersion().versionId()).isEqualTo(2);
        assertThat(replaced.sqlFor("spark").sql()).contains("id > 100");

        TableIdentifier renamed = TableIdentifier.of(ns, "huge_orders");
        catalog.renameView(id, renamed);
        assertThat(catalog.viewExists(id)).isFalse();
        String location = ((org.apache.iceberg.view.BaseView) catalog.loadView(renamed)).operations().current().metadataFileLocation();
        assertThat(catalog.dropView(renamed)).isTrue();
        assertThat(catalog.dropView(renamed)).isFalse();

        View registered = catalog.registerView(TableIdentifier.of(ns, "again"), location);
        assertThat(registered.sqlFor("spark").sql()).contains("id > 100");
        assertThat(view.uuid()).isEqualTo(registered.uuid());
    }

    private List<String> aliasesOf(String datasetUrn) {
        return graph.store().read(tx -> tx.run("MATCH (a:DatasetAlias)-[:ALIAS_OF]->(:Entity {urn: $urn}) RETURN a.name AS name",
                Map.of("urn", datasetUrn)).list(record -> record.get("name").asString()));
    }

}
