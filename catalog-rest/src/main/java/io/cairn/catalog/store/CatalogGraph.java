package io.cairn.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * The catalog's part of the graph: namespaces ({@code :Entity:Namespace:CatalogNamespace}, keyed by warehouse and
 * the levels joined with U+001F) and catalog entries ({@code :CatalogEntry}, one per table or view name, holding
 * the current metadata location and pointing at the data set). Writes take a {@link WriteTransaction}, so callers
 * combine them with data set updates in one Neo4j transaction.
 */
public final class CatalogGraph {

    public static final String SEPARATOR = "\u001f";
    private static final TypeReference<HashMap<String, String>> MAP = new TypeReference<>() {
    };

    private final GraphStore store;
    private final ObjectMapper mapper = new ObjectMapper();

    public CatalogGraph(GraphStore store) {
        this.store = store;
    }

    public GraphStore store() {
        return store;
    }

    public static String key(List<String> levels) {
        return String.join(SEPARATOR, levels);
    }

    // ---- namespaces

    public Optional<Map<String, String>> namespace(String warehouse, List<String> levels) {
        return store.read(tx -> namespace(tx, warehouse, levels));
    }

    private Optional<Map<String, String>> namespace(TransactionContext tx, String warehouse, List<String> levels) {
        List<Record> found = tx.run("MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $name}) RETURN n.properties AS p",
                Map.of("warehouse", warehouse, "name", key(levels))).list();
        return found.stream().findFirst().map(record -> readMap(record.get("p").asString("{}")));
    }

    /** The namespaces one level below {@code parent} (top-level ones for an empty parent), sorted. */
    public List<List<String>> children(String warehouse, List<String> parent) {
        return store.read(tx -> tx.run("""
                MATCH (n:CatalogNamespace {warehouse: $warehouse})
                WHERE size(n.levels) > size($parent) AND n.levels[0..size($parent)] = $parent
                WITH DISTINCT n.levels[0..size($parent) + 1] AS child
                RETURN child ORDER BY child
                """, Map.of("warehouse", warehouse, "parent", parent))
                .list(record -> record.get("child").asList(Value::asString)));
    }

    public void createNamespace(WriteTransaction unit, String warehouse, List<String> levels, Map<String, String> properties) {
        Urn urn = Urn.namespace(warehouse, levels);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("name", key(levels));
        parameters.put("urn", urn.toString());
        parameters.put("levels", levels);
        parameters.put("parent", key(levels.subList(0, levels.size() - 1)));
        parameters.put("properties", writeMap(properties));
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("principal", unit.actor().principal().toString());
        // The namespace node is also the namespace entity, so the entity API and search see it under its URN.
        Record created = unit.tx().run("""
                MERGE (n:CatalogNamespace {warehouse: $warehouse, name: $name})
                ON CREATE SET n.created = true, n:Entity:Namespace, n.urn = $urn, n.type = 'namespace', n.levels = $levels,
                              n.parent = $parent, n.properties = $properties, n.createdAt = $now, n.createdBy = $principal,
                              n.updatedAt = $now
                WITH n, n.created AS created
                REMOVE n.created
                RETURN created
                """, parameters).single();
        if (created.get("created").isNull()) {
            throw new AlreadyExistsException("Namespace already exists: %s", String.join(".", levels));
        }
        Aspects.put(unit, urn, "namespaceProperties", writeMap(properties));
    }

    /** Applies removals then updates; returns the properties before the change. */
    public Map<String, String> updateNamespace(WriteTransaction unit, String warehouse, List<String> levels,
                                               Map<String, String> updates, List<String> removals) {
        Urn urn = Urn.namespace(warehouse, levels);
        List<Record> found = unit.tx().run("""
                MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $name})
                SET n.updatedAt = $now
                RETURN n.properties AS p
                """, Map.of("warehouse", warehouse, "name", key(levels), "now", unit.now().toEpochMilli())).list();
        if (found.isEmpty()) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", String.join(".", levels));
        }
        Map<String, String> before = readMap(found.get(0).get("p").asString("{}"));
        Map<String, String> after = new HashMap<>(before);
        removals.forEach(after::remove);
        after.putAll(updates);
        String json = writeMap(after);
        unit.tx().run("MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $name}) SET n.properties = $json",
                Map.of("warehouse", warehouse, "name", key(levels), "json", json)).consume();
        Aspects.put(unit, urn, "namespaceProperties", json);
        return before;
    }

    public void dropNamespace(WriteTransaction unit, String warehouse, List<String> levels) {
        String name = key(levels);
        Record record = unit.tx().run("""
                OPTIONAL MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $name})
                OPTIONAL MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $name})
                WITH n, count(e) AS entries
                OPTIONAL MATCH (c:CatalogNamespace {warehouse: $warehouse})
                WHERE size(c.levels) > size($levels) AND c.levels[0..size($levels)] = $levels
                RETURN n IS NOT NULL AS exists, entries, count(c) AS children
                """, Map.of("warehouse", warehouse, "name", name, "levels", levels)).single();
        if (!record.get("exists").asBoolean()) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", String.join(".", levels));
        }
        if (record.get("entries").asLong() > 0 || record.get("children").asLong() > 0) {
            throw new NamespaceNotEmptyException("Namespace %s is not empty: it holds %d tables or views and %d namespaces",
                    String.join(".", levels), record.get("entries").asLong(), record.get("children").asLong());
        }
        Urn urn = Urn.namespace(warehouse, levels);
        // The node goes (its name can be taken again); its aspects and change events stay as history.
        unit.tx().run("MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $name}) DETACH DELETE n",
                Map.of("warehouse", warehouse, "name", name)).consume();
        unit.recordChange(new ChangeDraft(urn, "namespaceProperties", 0, ChangeType.DELETE, null, null));
    }

    // ---- catalog entries

    private static final String ENTRY = """
            MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
            RETURN e.kind AS kind, e.metadataLocation AS metadataLocation, e.dataset AS dataset
            """;
    private static final List<String> ENTRY_PROPERTIES = List.of("kind", "metadataLocation", "dataset");

    /** The entry as committed now; every loadTable asks this, so it is a point look-up on the entry's unique key. */
    public Optional<CatalogEntry> entry(String warehouse, List<String> namespace, String name) {
        return store.findNode("CatalogEntry", entryParameters(warehouse, namespace, name), ENTRY_PROPERTIES)
                .map(node -> entryOf(warehouse, namespace, name, node));
    }

    public Optional<CatalogEntry> entry(TransactionContext tx, String warehouse, List<String> namespace, String name) {
        return tx.run(ENTRY, entryParameters(warehouse, namespace, name))
                .list(record -> entryOf(warehouse, namespace, name, record.asMap()))
                .stream().findFirst();
    }

    private static Map<String, Object> entryParameters(String warehouse, List<String> namespace, String name) {
        return Map.of("warehouse", warehouse, "namespace", key(namespace), "name", name);
    }

    private static CatalogEntry entryOf(String warehouse, List<String> namespace, String name, Map<String, Object> row) {
        return new CatalogEntry(warehouse, namespace, name, EntryKind.valueOf((String) row.get("kind")), (String) row.get("metadataLocation"),
                Urn.parse((String) row.get("dataset")));
    }

    public List<String> entryNames(String warehouse, List<String> namespace, EntryKind kind) {
        return store.read(tx -> {
            if (namespace(tx, warehouse, namespace).isEmpty()) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", String.join(".", namespace));
            }
            return tx.run("""
                    MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, kind: $kind})
                    RETURN e.name AS name ORDER BY name
                    """, Map.of("warehouse", warehouse, "namespace", key(namespace), "kind", kind.name()))
                    .list(record -> record.get("name").asString());
        });
    }

    /**
     * The compare-and-swap of a commit: locks the entry (or the namespace, for a new one), checks the current
     * metadata location is {@code expected} ({@code null} = the entry must not exist) and sets {@code next}.
     * Returns the entry as it was, empty for a new one.
     */
    public Optional<CatalogEntry> swap(WriteTransaction unit, String warehouse, List<String> namespace, String name,
                                       EntryKind kind, String expected, String next, Urn datasetForNew) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("namespace", key(namespace));
        parameters.put("name", name);
        parameters.put("now", unit.now().toEpochMilli());
        if (expected == null) {
            create(unit, parameters, namespace, name, kind, next, datasetForNew);
            return Optional.empty();
        }
        parameters.put("kind", kind.name());
        parameters.put("expected", expected);
        parameters.put("location", next);
        // One statement: the entry's lock is taken (SET) before its location is read and compared, so no other writer
        // can move it in between. The namespace is not locked: a drop of it fails while the entry exists anyway, and
        // locking it would serialise every commit in the namespace.
        List<Record> current = unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
                SET e.lockedAt = $now
                WITH e, e.kind AS kind, e.metadataLocation AS location, e.dataset AS dataset
                FOREACH (swap IN CASE WHEN kind = $kind AND location = $expected THEN [true] ELSE [] END |
                    SET e.metadataLocation = $location, e.previousMetadataLocation = $expected, e.updatedAt = $now)
                RETURN kind, location, dataset
                """, parameters).list();
        Optional<CatalogEntry> before = current.stream().findFirst().map(record -> entryOf(warehouse, namespace, name, record));
        if (before.isEmpty() || before.get().kind() != kind) {
            throw new org.apache.iceberg.exceptions.CommitFailedException("%s %s was dropped or replaced by another writer",
                    kind == EntryKind.VIEW ? "View" : "Table", display(namespace, name));
        }
        if (!expected.equals(before.get().metadataLocation())) {
            throw new org.apache.iceberg.exceptions.CommitFailedException(
                    "Cannot commit %s: its metadata location is %s, not %s (another writer committed first)",
                    display(namespace, name), before.get().metadataLocation(), expected);
        }
        return before;
    }

    /** A new entry: the namespace node is locked first, which serialises creators of one name and keeps a drop out. */
    private void create(WriteTransaction unit, Map<String, Object> parameters, List<String> namespace, String name,
                        EntryKind kind, String location, Urn dataset) {
        List<Record> ns = unit.tx().run("""
                MATCH (n:CatalogNamespace {warehouse: $warehouse, name: $namespace}) SET n.lockedAt = $now RETURN n
                """, parameters).list();
        if (ns.isEmpty()) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", String.join(".", namespace));
        }
        List<Record> taken = unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name}) RETURN e.kind AS kind
                """, parameters).list();
        if (!taken.isEmpty()) {
            throw new AlreadyExistsException("%s with same name already exists: %s",
                    EntryKind.valueOf(taken.get(0).get("kind").asString()) == EntryKind.VIEW ? "View" : "Table",
                    display(namespace, name));
        }
        parameters.put("kind", kind.name());
        parameters.put("location", location);
        parameters.put("dataset", dataset.toString());
        unit.tx().run("""
                CREATE (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name, kind: $kind,
                                        metadataLocation: $location, dataset: $dataset, createdAt: $now, updatedAt: $now})
                """, parameters).consume();
    }

    private static CatalogEntry entryOf(String warehouse, List<String> namespace, String name, Record record) {
        return new CatalogEntry(warehouse, namespace, name, EntryKind.valueOf(record.get("kind").asString()),
                record.get("location").asString(), Urn.parse(record.get("dataset").asString()));
    }

    /** Points an entry at another dataset (the survivor of a merge of the datasets its names denoted). */
    public void pointAt(WriteTransaction unit, String warehouse, List<String> namespace, String name, Urn dataset) {
        unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
                SET e.dataset = $dataset
                """, Map.of("warehouse", warehouse, "namespace", key(namespace), "name", name, "dataset", dataset.toString()))
                .consume();
    }

    /** Removes an entry; returns it. */
    public Optional<CatalogEntry> remove(WriteTransaction unit, String warehouse, List<String> namespace, String name, EntryKind kind) {
        Map<String, Object> parameters = Map.of("warehouse", warehouse, "namespace", key(namespace), "name", name, "kind", kind.name());
        return unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name, kind: $kind})
                WITH e, e.metadataLocation AS location, e.dataset AS dataset
                DELETE e
                RETURN location, dataset
                """, parameters).list(record -> new CatalogEntry(warehouse, namespace, name, kind,
                record.get("location").asString(), Urn.parse(record.get("dataset").asString()))).stream().findFirst();
    }

    /** Moves an entry to a new name; the caller checked the source exists. */
    public void move(WriteTransaction unit, String warehouse, CatalogEntry from, List<String> toNamespace, String toName) {
        if (namespace(unit.tx(), warehouse, toNamespace).isEmpty()) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", String.join(".", toNamespace));
        }
        Optional<CatalogEntry> taken = entry(unit.tx(), warehouse, toNamespace, toName);
        if (taken.isPresent()) {
            throw new AlreadyExistsException("Cannot rename %s to %s. %s already exists", display(from.namespace(), from.name()),
                    display(toNamespace, toName), taken.get().kind() == EntryKind.VIEW ? "View" : "Table");
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("warehouse", warehouse);
        parameters.put("namespace", key(from.namespace()));
        parameters.put("name", from.name());
        parameters.put("toNamespace", key(toNamespace));
        parameters.put("toName", toName);
        parameters.put("now", unit.now().toEpochMilli());
        unit.tx().run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name})
                SET e.namespace = $toNamespace, e.name = $toName, e.updatedAt = $now
                """, parameters).consume();
    }

    static String display(List<String> namespace, String name) {
        return namespace.isEmpty() ? name : String.join(".", namespace) + "." + name;
    }

    private Map<String, String> readMap(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String writeMap(Map<String, String> map) {
        try {
            return mapper.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
