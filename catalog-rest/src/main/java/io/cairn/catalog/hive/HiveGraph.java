package io.cairn.catalog.hive;

import io.cairn.catalog.store.CatalogGraph;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.WriteTransaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * The Cypher of plain tables: entries ({@code :CatalogEntry {kind: 'HIVE_TABLE'}} with the definition JSON, a stable
 * {@code hiveTableId} and the current {@code hiveVersion}), versions ({@code :HiveTableVersion {tableId, version}})
 * and partitions ({@code :HivePartition {tableId, key}}). Versions and partitions hang off the table id, not the
 * name, so a rename moves nothing. Every query is bounded by a key lookup or a LIMIT.
 */
final class HiveGraph {

    private static final String TABLE_COLUMNS = """
            OPTIONAL MATCH (d:Entity {urn: e.dataset})
            OPTIONAL MATCH (s:Aspect {urn: e.dataset, name: 'schema', latest: true})
            RETURN e.namespace AS namespace, e.name AS name, e.kind AS kind, e.metadataLocation AS metadataLocation,
                   e.previousMetadataLocation AS previous, e.dataset AS dataset, e.hiveTableId AS tableId,
                   e.hiveVersion AS version, e.hiveDefinition AS definition, e.createdAt AS createdAt,
                   e.updatedAt AS updatedAt, d.location AS location, s.value AS schema
            """;

    private final GraphStore store;

    HiveGraph(GraphStore store) {
        this.store = store;
    }

    GraphStore store() {
        return store;
    }

    // ---- databases (one-level namespaces)

    /** The stored name of a database: exact, else the only case-insensitive match. */
    Optional<String> databaseName(TransactionContext tx, String warehouse, String requested) {
        List<String> exact = tx.run("MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $name}) WHERE size(n.levels) = 1 RETURN n.name AS name",
                Map.of("warehouse", warehouse, "name", requested)).list(r -> r.get("name").asString());
        if (!exact.isEmpty()) {
            return Optional.of(exact.get(0));
        }
        List<String> folded = tx.run("""
                MATCH (n:CatalogNamespace {warehouse: $warehouse, parent: ''})
                WHERE toLower(n.name) = $lower RETURN n.name AS name ORDER BY name LIMIT 1
                """, Map.of("warehouse", warehouse, "lower", HiveNames.lookup(requested))).list(r -> r.get("name").asString());
        return folded.stream().findFirst();
    }

    /** Top-level namespaces after {@code after} (exclusive), in name order: name and properties JSON. */
    List<Record> databases(String warehouse, String after, int limit) {
        return store.read(tx -> tx.run("""
                MATCH (n:CatalogNamespace {warehouse: $warehouse, parent: ''}) WHERE n.name > $after
                RETURN n.name AS name, n.properties AS properties ORDER BY name LIMIT $limit
                """, Map.of("warehouse", warehouse, "after", after, "limit", limit)).list());
    }

    // ---- tables

    Optional<TableRow> table(TransactionContext tx, String warehouse, String namespace, String requested) {
        Map<String, Object> parameters = Map.of("warehouse", warehouse, "namespace", namespace, "name", requested,
                "lower", HiveNames.lookup(requested));
        List<TableRow> exact = tx.run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
                WHERE e.kind IN ['TABLE', 'HIVE_TABLE']
                """ + TABLE_COLUMNS, parameters).list(HiveGraph::row);
        if (!exact.isEmpty()) {
            return Optional.of(exact.get(0));
        }
        // Iceberg REST names are case-sensitive; Hive and Glue fold case. Bounded by the database's size.
        return tx.run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace})
                WHERE e.kind IN ['TABLE', 'HIVE_TABLE'] AND toLower(e.name) = $lower
                WITH e ORDER BY e.name LIMIT 1
                """ + TABLE_COLUMNS, parameters).list(HiveGraph::row).stream().findFirst();
    }

    /** Tables and Iceberg tables of a database after {@code after} (exclusive), in name order. */
    List<TableRow> tables(String warehouse, String namespace, String after, int limit) {
        return store.read(tx -> tx.run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace})
                WHERE e.kind IN ['TABLE', 'HIVE_TABLE'] AND e.name > $after
                WITH e ORDER BY e.name LIMIT $limit
                """ + TABLE_COLUMNS, Map.of("warehouse", warehouse, "namespace", namespace, "after", after, "limit", limit))
                .list(HiveGraph::row));
    }

    /** Only the names, for listings that filter by pattern before loading anything. */
    List<String> tableNames(TransactionContext tx, String warehouse, String namespace, String after, int limit) {
        return tx.run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace})
                WHERE e.kind IN ['TABLE', 'HIVE_TABLE'] AND e.name > $after
                RETURN e.name AS name ORDER BY name LIMIT $limit
                """, Map.of("warehouse", warehouse, "namespace", namespace, "after", after, "limit", limit))
                .list(r -> r.get("name").asString());
    }

    /** Locks the entry until commit and returns it as it is now. */
    Optional<TableRow> lockTable(WriteTransaction unit, String warehouse, String namespace, String name) {
        return unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
                WHERE e.kind IN ['TABLE', 'HIVE_TABLE']
                SET e.lockedAt = $now
                WITH e
                """ + TABLE_COLUMNS, Map.of("warehouse", warehouse, "namespace", namespace, "name", name,
                "now", unit.now().toEpochMilli())).list(HiveGraph::row).stream().findFirst();
    }

    /** Sets the definition of a plain entry the caller created or locked, and stores it as a new version. */
    void writeDefinition(WriteTransaction unit, String warehouse, String namespace, String name, String tableId, long version,
                         String definition, String dataset) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("namespace", namespace);
        parameters.put("name", name);
        parameters.put("tableId", tableId);
        parameters.put("version", version);
        parameters.put("definition", definition);
        parameters.put("dataset", dataset);
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("principal", unit.actor().principal().toString());
        unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
                SET e.hiveTableId = $tableId, e.hiveVersion = $version, e.hiveDefinition = $definition,
                    e.dataset = $dataset, e.updatedAt = $now
                CREATE (:HiveTableVersion {tableId: $tableId, version: $version, definition: $definition,
                                           createdAt: $now, createdBy: $principal})
                """, parameters).consume();
    }

    /** Deletes the entry, its versions and its partitions (in bounded chunks, all in the caller's transaction). */
    void deletePlainTable(WriteTransaction unit, String warehouse, String namespace, String name, String tableId) {
        unit.tx().run("MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name}) DELETE e",
                Map.of("warehouse", warehouse, "namespace", namespace, "name", name)).consume();
        for (String label : List.of("HivePartition", "HiveTableVersion")) {
            long deleted;
            do {
                // The label comes from the constant list above, never from input.
                deleted = unit.tx().run("MATCH (n:" + label + " {tableId: $tableId}) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n",
                        Map.of("tableId", tableId)).single().get("n").asLong();
            } while (deleted == 10_000);
        }
    }

    // ---- versions

    /** Versions newest first, below {@code before} (exclusive; Long.MAX_VALUE for the newest). */
    List<Record> versions(String tableId, long before, int limit) {
        return store.read(tx -> tx.run("""
                MATCH (v:HiveTableVersion {tableId: $tableId}) WHERE v.version < $before
                RETURN v.version AS version, v.definition AS definition, v.createdAt AS createdAt
                ORDER BY v.version DESC LIMIT $limit
                """, Map.of("tableId", tableId, "before", before, "limit", limit)).list());
    }

    Optional<Record> version(String tableId, long version) {
        return store.read(tx -> tx.run("""
                MATCH (v:HiveTableVersion {tableId: $tableId, version: $version})
                RETURN v.version AS version, v.definition AS definition, v.createdAt AS createdAt
                """, Map.of("tableId", tableId, "version", version)).list().stream().findFirst());
    }

    boolean deleteVersion(WriteTransaction unit, String tableId, long version) {
        return unit.tx().run("MATCH (v:HiveTableVersion {tableId: $tableId, version: $version}) DELETE v RETURN count(*) AS n",
                Map.of("tableId", tableId, "version", version)).single().get("n").asLong() > 0;
    }

    // ---- partitions

    /** The keys among {@code keys} that exist. */
    List<String> existingPartitions(WriteTransaction unit, String tableId, List<String> keys) {
        return unit.tx().run("""
                UNWIND $keys AS key
                MATCH (p:HivePartition {tableId: $tableId, key: key}) RETURN p.key AS key
                """, Map.of("tableId", tableId, "keys", keys)).list(r -> r.get("key").asString());
    }

    void createPartitions(WriteTransaction unit, String tableId, List<Map<String, Object>> rows) {
        unit.tx().run("""
                UNWIND $rows AS row
                CREATE (:HivePartition {tableId: $tableId, key: row.key, values: row.values, definition: row.definition,
                                        createdAt: $now, updatedAt: $now})
                """, Map.of("tableId", tableId, "rows", rows, "now", unit.now().toEpochMilli())).consume();
    }

    void updatePartition(WriteTransaction unit, String tableId, String key, List<String> values, String definition) {
        unit.tx().run("""
                MATCH (p:HivePartition {tableId: $tableId, key: $key})
                SET p.definition = $definition, p.values = $values, p.updatedAt = $now
                """, Map.of("tableId", tableId, "key", key, "values", values, "definition", definition,
                "now", unit.now().toEpochMilli())).consume();
    }

    /** Deletes the partitions with these keys; returns the keys that were there. */
    List<String> deletePartitions(WriteTransaction unit, String tableId, List<String> keys) {
        return unit.tx().run("""
                UNWIND $keys AS key
                MATCH (p:HivePartition {tableId: $tableId, key: key})
                WITH p, p.key AS deleted DETACH DELETE p RETURN deleted
                """, Map.of("tableId", tableId, "keys", keys)).list(r -> r.get("deleted").asString());
    }

    List<Record> partitions(String tableId, List<String> keys) {
        return store.read(tx -> tx.run("""
                UNWIND $keys AS key
                MATCH (p:HivePartition {tableId: $tableId, key: key})
                RETURN p.key AS key, p.definition AS definition, p.createdAt AS createdAt, p.updatedAt AS updatedAt
                """, Map.of("tableId", tableId, "keys", keys)).list());
    }

    /** A page of partitions in key order after {@code after} (exclusive). */
    List<Record> partitionPage(String tableId, String after, int limit) {
        return store.read(tx -> tx.run("""
                MATCH (p:HivePartition {tableId: $tableId}) WHERE p.key > $after
                RETURN p.key AS key, p.values AS values, p.definition AS definition, p.createdAt AS createdAt,
                       p.updatedAt AS updatedAt
                ORDER BY p.key LIMIT $limit
                """, Map.of("tableId", tableId, "after", after, "limit", limit)).list());
    }

    /** The column statistics of one partition as a JSON object (column to statistics); empty if no such partition. */
    Optional<String> partitionStatistics(WriteTransaction unit, String tableId, String key) {
        return unit.tx().run("""
                MATCH (p:HivePartition {tableId: $tableId, key: $key}) RETURN coalesce(p.columnStatistics, '{}') AS statistics
                """, Map.of("tableId", tableId, "key", key)).list(r -> r.get("statistics").asString()).stream().findFirst();
    }

    void writePartitionStatistics(WriteTransaction unit, String tableId, String key, String statistics) {
        unit.tx().run("MATCH (p:HivePartition {tableId: $tableId, key: $key}) SET p.columnStatistics = $statistics",
                Map.of("tableId", tableId, "key", key, "statistics", statistics)).consume();
    }

    /** Partition key to column statistics JSON, for the partitions among {@code keys} that have any. */
    Map<String, String> partitionStatistics(String tableId, List<String> keys) {
        Map<String, String> found = new HashMap<>();
        store.read(tx -> tx.run("""
                UNWIND $keys AS key
                MATCH (p:HivePartition {tableId: $tableId, key: key}) WHERE p.columnStatistics IS NOT NULL
                RETURN p.key AS key, p.columnStatistics AS statistics
                """, Map.of("tableId", tableId, "keys", keys)).list()).forEach(r -> found.put(r.get("key").asString(),
                r.get("statistics").asString()));
        return found;
    }

    /** The latest value of one aspect for each of {@code urns} that has it. */
    Map<String, String> latestAspects(List<String> urns, String aspect) {
        Map<String, String> found = new HashMap<>();
        store.read(tx -> tx.run("""
                UNWIND $urns AS urn
                MATCH (a:Aspect {urn: urn, name: $aspect, latest: true})
                RETURN a.urn AS urn, a.value AS value
                """, Map.of("urns", urns, "aspect", aspect)).list()).forEach(r -> found.put(r.get("urn").asString(),
                r.get("value").asString()));
        return found;
    }

    long partitionCount(TransactionContext tx, String tableId) {
        return tx.run("MATCH (p:HivePartition {tableId: $tableId}) RETURN count(p) AS n", Map.of("tableId", tableId))
                .single().get("n").asLong();
    }

    static String namespaceKey(String database) {
        return CatalogGraph.key(List.of(database));
    }

    private static TableRow row(Record r) {
        return new TableRow(r.get("namespace").asString(), r.get("name").asString(), r.get("kind").asString(),
                text(r.get("metadataLocation")), text(r.get("previous")), text(r.get("dataset")), text(r.get("tableId")),
                r.get("version").isNull() ? 0 : r.get("version").asLong(), text(r.get("definition")),
                r.get("createdAt").isNull() ? 0 : r.get("createdAt").asLong(),
                r.get("updatedAt").isNull() ? 0 : r.get("updatedAt").asLong(), text(r.get("location")), text(r.get("schema")));
    }

    private static String text(Value value) {
        return value == null || value.isNull() ? null : value.asString();
    }
}
