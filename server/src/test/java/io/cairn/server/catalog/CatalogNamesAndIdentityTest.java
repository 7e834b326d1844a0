package io.cairn.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.server.HttpApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Dataset identity shared with lineage (ARCHITECTURE decision 2) and names that contain '/'. */
class CatalogNamesAndIdentityTest extends CatalogServerTestBase {

    @Autowired
    CatalogGraph graph;

    /** Lineage that arrives before the table: the table, once created, is the dataset lineage already wrote to. */
    @Test
    void lineageThatArrivesFirstIsTheTablesDatasetOnceTheTableIsCreated() throws Exception {
        Namespace ns = Namespace.of(unique("early"));
        catalog.createNamespace(ns);
        Path path = Files.createTempDirectory("cairn-early-lineage-").resolve("orders");
        String job = unique("load_orders");
        postLineage(job, path.toString());
        String lineageUrn = datasetOfAlias("openlineage:file|" + path);
        assertThat(lineageUrn).as("lineage created the dataset under the path").isNotNull();

        Table table = catalog.buildTable(TableIdentifier.of(ns, "orders"), SCHEMA).withLocation("file:" + path).create();
        table.newFastAppend().appendFile(dataFile("early")).commit();

        String tableUrn = graph.entry("default", List.of(ns.levels()), "orders").orElseThrow().dataset().toString();
        assertThat(tableUrn).as("the table took the dataset lineage created").isEqualTo(lineageUrn);
        assertThat(datasetOfAlias("iceberg:default." + ns.level(0) + ".orders")).isEqualTo(lineageUrn);
        JsonNode dataset = api.get("/api/v1/entities/" + tableUrn, rootToken).json();
        assertThat(dataset.toString()).contains("schema", "currentSnapshot", "catalogIdentity");

        // Lineage read under the table's storage name: the table's node, with the job that wrote it.
        JsonNode lineage = api.get("/api/v1/lineage?nodeId=dataset:file:" + path + "&depth=2", rootToken).json();
        List<String> ids = new ArrayList<>();
        String nodeUrn = null;
        for (JsonNode node : lineage.get("graph")) {
            ids.add(node.get("id").asText());
            if (node.get("id").asText().equals("dataset:file:" + path)) {
                nodeUrn = node.at("/data/urn").asText();
            }
        }
        assertThat(ids).contains("job:spark:" + job);
        assertThat(nodeUrn).isEqualTo(tableUrn);

        // A table dropped and created again under the same name and location is a new dataset; the old keeps history.
        assertThat(catalog.dropTable(TableIdentifier.of(ns, "orders"), false)).isTrue();
        catalog.buildTable(TableIdentifier.of(ns, "orders"), SCHEMA).withLocation("file:" + path).create();
        String recreated = graph.entry("default", List.of(ns.levels()), "orders").orElseThrow().dataset().toString();
        assertThat(recreated).isNotEqualTo(tableUrn);
        assertThat(datasetOfAlias("file:" + path)).isEqualTo(recreated);
        assertThat(datasetOfAlias("openlineage:file|" + path)).as("lineage naming the path reaches the new table")
                .isEqualTo(recreated);
        assertThat(api.get("/api/v1/entities/" + tableUrn, rootToken).status()).isEqualTo(200);
    }

    /** A table moved to a location lineage already knew: its two datasets merge, the older survives, a redirect stays. */
    @Test
    void aTableMovedWhereLineageWroteFirstMergesIntoThatDataset() throws Exception {
        Namespace ns = Namespace.of(unique("moved"));
        catalog.createNamespace(ns);
        Path target = Files.createTempDirectory("cairn-moved-").resolve("events");
        String job = unique("write_events");
        postLineage(job, target.toString());
        String lineageUrn = datasetOfAlias("openlineage:file|" + target);

        Table table = catalog.createTable(TableIdentifier.of(ns, "events"), SCHEMA);
        String tableUrn = graph.entry("default", List.of(ns.levels()), "events").orElseThrow().dataset().toString();
        assertThat(tableUrn).isNotEqualTo(lineageUrn);
        table.updateLocation().setLocation("file:" + target).commit();

        String merged = graph.entry("default", List.of(ns.levels()), "events").orElseThrow().dataset().toString();
        assertThat(merged).as("the older dataset (lineage's) survives and the entry follows it").isEqualTo(lineageUrn);
        assertThat(datasetOfAlias("iceberg:default." + ns.level(0) + ".events")).isEqualTo(lineageUrn);
        assertThat(datasetOfAlias("file:" + target)).isEqualTo(lineageUrn);
        String redirect = graph.store().read(tx -> tx.run("MATCH (d:Entity {urn: $urn}) RETURN d.mergedInto AS into",
                Map.of("urn", tableUrn)).single().get("into").asString(null));
        assertThat(redirect).isEqualTo(lineageUrn);
        assertThat(catalog.loadTable(TableIdentifier.of(ns, "events")).location()).isEqualTo("file:" + target);
    }

    /** Namespace levels and table names with '/' (sent as %2F) work through Iceberg's own client. */
    @Test
    void namesWithSlashesWorkEndToEnd() {
        Namespace ns = Namespace.of("x/y_" + UUID.randomUUID().toString().substring(0, 6));
        Namespace nested = Namespace.of(ns.level(0), "p/q");
        catalog.createNamespace(ns);
        catalog.createNamespace(nested);
        assertThat(catalog.listNamespaces()).contains(ns);
        assertThat(catalog.listNamespaces(ns)).containsExactly(nested);
        assertThat(catalog.namespaceExists(ns)).isTrue();

        TableIdentifier ab = TableIdentifier.of(ns, "a/b");
        Table table = catalog.createTable(ab, SCHEMA);
        table.newFastAppend().appendFile(dataFile("slash")).commit();
        assertThat(catalog.listTables(ns)).containsExactly(ab);
        Table loaded = catalog.loadTable(ab);
        assertThat(loaded.name()).endsWith("a/b");
        assertThat(loaded.currentSnapshot().addedDataFiles(loaded.io())).hasSize(1);
        // The default location keeps one directory per name: '/' in a name nests nothing and climbs nowhere.
        String afterWarehouse = loaded.location().substring(loaded.location().indexOf("/warehouse/") + "/warehouse/".length());
        assertThat(afterWarehouse.split("/")).hasSize(2);
        assertThat(afterWarehouse).doesNotContain("..");

        TableIdentifier cd = TableIdentifier.of(nested, "c/d");
        catalog.renameTable(ab, cd);
        assertThat(catalog.tableExists(ab)).isFalse();
        assertThat(catalog.listTables(nested)).containsExactly(cd);
        assertThat(catalog.loadTable(cd).currentSnapshot().snapshotId()).isEqualTo(loaded.currentSnapshot().snapshotId());
        assertThat(catalog.dropTable(cd, true)).isTrue();
        assertThatThrownBy(() -> catalog.loadTable(cd)).isInstanceOf(NoSuchTableException.class);
        assertThat(catalog.listTables(nested)).isEmpty();

        // A name that tries to climb out of the warehouse gets a directory of its own inside it.
        Table climber = catalog.createTable(TableIdentifier.of(ns, ".."), SCHEMA);
        assertThat(climber.location()).contains("/warehouse/").doesNotEndWith("/..");
        assertThat(catalog.dropTable(TableIdentifier.of(ns, ".."), true)).isTrue();
        assertThat(catalog.dropNamespace(nested)).isTrue();
        assertThat(catalog.dropNamespace(ns)).isTrue();
    }

    /** Iceberg's client sends a space in a path segment as '+' and a plus as %2B: both names round-trip. */
    @Test
    void namesWithSpacesAndPlusSignsWorkEndToEnd() {
        Namespace ns = Namespace.of("sales us " + UUID.randomUUID().toString().substring(0, 6));
        catalog.createNamespace(ns);
        assertThat(catalog.namespaceExists(ns)).isTrue();
        TableIdentifier spaced = TableIdentifier.of(ns, "order items");
        TableIdentifier plus = TableIdentifier.of(ns, "c++");
        catalog.createTable(spaced, SCHEMA);
        catalog.createTable(plus, SCHEMA);
        catalog.loadTable(spaced).newFastAppend().appendFile(dataFile("space")).commit();
        assertThat(catalog.loadTable(spaced).currentSnapshot().addedDataFiles(catalog.loadTable(spaced).io())).hasSize(1);
        assertThat(catalog.loadTable(plus).name()).endsWith("c++");
        assertThat(catalog.listTables(ns)).containsExactlyInAnyOrder(spaced, plus);
        assertThat(catalog.dropTable(spaced, true)).isTrue();
        assertThat(catalog.dropTable(plus, true)).isTrue();
        assertThat(catalog.dropNamespace(ns)).isTrue();
    }

    private void postLineage(String job, String path) {
        String event = """
                {"eventType":"COMPLETE","eventTime":"2026-11-21T10:00:00Z",
                 "run":{"runId":"%s"},
                 "job":{"namespace":"spark","name":"%s"},
                 "inputs":[],
                 "outputs":[{"namespace":"file","name":"%s"}],
                 "producer":"https://example.com/test","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
                """.formatted(UUID.randomUUID(), job, path);
        HttpApi.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/lineage"))
                .header("Authorization", "Bearer " + rootToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private String datasetOfAlias(String alias) {
        return graph.store().read(tx -> tx.run("MATCH (:DatasetAlias {name: $name})-[:ALIAS_OF]->(d:Dataset) RETURN d.urn AS urn",
                Map.of("name", alias)).list(record -> record.get("urn").asString())).stream().findFirst().orElse(null);
    }
}
