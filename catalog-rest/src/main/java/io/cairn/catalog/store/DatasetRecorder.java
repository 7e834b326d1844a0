package io.cairn.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.neo4j.driver.Record;

/**
 * Keeps the unified data set node (ARCHITECTURE decision 2) in step with the catalog, inside the catalog's own unit
 * of work: the {@code :Entity:Dataset} node with its names as {@code :DatasetAlias} nodes, one {@code :Entity:Column}
 * node per field, and versioned aspects for schema, partition spec, properties, location and current snapshot.
 * An aspect gets a new version only when its value changes, so its history is the schema (or spec) history.
 */
public final class DatasetRecorder {

    private final ObjectMapper mapper = new ObjectMapper();
    private final DatasetAliases aliases;

    public DatasetRecorder(DatasetAliases aliases) {
        this.aliases = aliases;
    }

    /** With a resolver of its own: {@link DatasetAliases} keeps no state, so every instance resolves alike. */
    public DatasetRecorder() {
        this(new DatasetAliases());
    }

    /**
     * The dataset a table takes for its catalog name and location, resolved through {@link DatasetAliases} in the
     * caller's unit of work: a dataset that lineage created first under the table's location (or that an earlier
     * registration named) is the one the table uses, and datasets the names were split over are merged, leaving
     * redirects. Names still held by a dropped table's dataset are released first: a table created again under a
     * dropped one's name or location is a new dataset, and the dropped one keeps its history.
     */
    public Urn claimTable(WriteTransaction unit, String warehouse, List<String> namespace, String name, String location) {
        List<DatasetName> names = new ArrayList<>(2);
        names.add(DatasetName.catalogTable(warehouse, namespace, name));
        DatasetName storage = locationName(location);
        if (storage != null) {
            names.add(storage);
        }
        return claim(unit, names);
    }

    /** {@link #claimTable} for a view: its only name is its catalog name (its location holds no data). */
    public Urn claimView(WriteTransaction unit, String warehouse, List<String> namespace, String name) {
        return claim(unit, List.of(DatasetName.catalogTable(warehouse, namespace, name)));
    }

    private Urn claim(WriteTransaction unit, List<DatasetName> names) {
        List<String> keys = names.stream().map(DatasetName::key).toList();
        // Every commit of an existing table claims its names again (a merge may have moved them to another dataset
        // since). Usually they all still name one live dataset: then that is the answer, in one read.
        Set<String> datasets = new HashSet<>();
        Set<String> attached = new HashSet<>();
        boolean anyRemoved = false;
        for (Record record : unit.tx().run("""
                UNWIND $keys AS key
                MATCH (a:DatasetAlias {name: key})-[:ALIAS_OF]->(d:Dataset)
                USING INDEX SEEK a:DatasetAlias(name)
                RETURN key, d.urn AS urn, coalesce(d.removed, false) AS removed
                """, Map.of("keys", keys)).list()) {
            attached.add(record.get("key").asString());
            datasets.add(record.get("urn").asString());
            anyRemoved |= record.get("removed").asBoolean();
        }
        if (!anyRemoved && datasets.size() == 1 && attached.size() == keys.size()) {
            return Urn.parse(datasets.iterator().next());
        }
        if (!anyRemoved) {
            return aliases.resolveOrCreate(unit, names).urn();
        }
        List<Record> held = unit.tx().run("""
                UNWIND $keys AS key
                MATCH (:DatasetAlias {name: key})-[:ALIAS_OF]->(d:Dataset {removed: true})
                WITH DISTINCT d
                MATCH (a:DatasetAlias)-[:ALIAS_OF]->(d)
                RETURN a.name AS name
                """, Map.of("keys", keys)).list();
        // A dropped table's dataset gives up the names the new claimant takes, and with its location the OpenLineage
        // names of that location, so that lineage naming the path reaches the new table and not the dropped one.
        Set<String> wanted = new HashSet<>(keys);
        List<DatasetName> claimed = new ArrayList<>(names);
        List<String> released = new ArrayList<>();
        for (Record record : held) {
            String alias = record.get("name").asString();
            if (wanted.contains(alias)) {
                released.add(alias);
            } else if (namesOneOf(alias, wanted)) {
                released.add(alias);
                claimed.add(new DatasetName(DatasetName.Kind.OPENLINEAGE, alias));
            }
        }
        unit.tx().run("UNWIND $names AS name MATCH (:DatasetAlias {name: name})-[held:ALIAS_OF]->() DELETE held",
                Map.of("names", released)).consume();
        return aliases.resolveOrCreate(unit, claimed).urn();
    }

    /** Whether an {@code openlineage:<namespace>|<name>} alias denotes one of {@code keys} (a location, say). */
    private static boolean namesOneOf(String alias, Set<String> keys) {
        String prefix = "openlineage:";
        int bar = alias.indexOf('|');
        if (!alias.startsWith(prefix) || bar < prefix.length()) {
            return false;
        }
        try {
            return DatasetName.fromOpenLineage(alias.substring(prefix.length(), bar), alias.substring(bar + 1)).stream()
                    .anyMatch(name -> keys.contains(name.key()));
        } catch (IllegalArgumentException unparsable) {
            return false;
        }
    }

    /** {@code iceberg:<warehouse>.<ns>.<name>}: the catalog identity engines and OpenLineage use for the table. */
    public static String catalogName(String warehouse, List<String> namespace, String name) {
        return DatasetName.catalogTable(warehouse, namespace, name).key();
    }

    /**
     * Records a table's new metadata on its dataset. {@code previous} is the metadata the dataset was last brought in
     * step with (null for a new table, or when the dataset is another one than before): what is unchanged since then
     * is not even compared with the stored aspects, so an append costs a few queries, not one per aspect.
     */
    public void tableChanged(WriteTransaction unit, Urn dataset, String warehouse, List<String> namespace, String name,
                             TableMetadata previous, TableMetadata metadata, String metadataLocation) {
        String catalogName = catalogName(warehouse, namespace, name);
        Map<String, Object> props = new HashMap<>();
        props.put("kind", "table");
        props.put("catalogName", catalogName);
        props.put("name", name);
        props.put("icebergUuid", metadata.uuid());
        props.put("location", metadata.location());
        props.put("metadataLocation", metadataLocation);
        props.put("formatVersion", metadata.formatVersion());
        props.put("removed", false);
        Aspects.touchEntity(unit, dataset, props);
        Schema schema = metadata.schema();
        if (previous == null || previous.currentSchemaId() != metadata.currentSchemaId()
                || !previous.schema().asStruct().equals(schema.asStruct())) {
            columns(unit, dataset, schema);
            Map<String, Object> schemaAspect = new LinkedHashMap<>();
            schemaAspect.put("schemaId", schema.schemaId());
            schemaAspect.put("schema", SchemaParser.toJson(schema));
            Aspects.put(unit, dataset, "schema", json(schemaAspect));
        }
        if (previous == null || !previous.spec().equals(metadata.spec())) {
            Aspects.put(unit, dataset, "partitionSpec", json(Map.of("specId", metadata.spec().specId(),
                    "spec", PartitionSpecParser.toJson(metadata.spec()))));
        }
        if (previous == null || !previous.properties().equals(metadata.properties())) {
            Aspects.put(unit, dataset, "datasetProperties", json(new TreeMap<>(metadata.properties())));
        }
        if (previous == null || !previous.location().equals(metadata.location())) {
            Aspects.put(unit, dataset, "location", json(Map.of("location", metadata.location())));
        }
        if (previous == null || !previous.uuid().equals(metadata.uuid())) {
            Aspects.put(unit, dataset, "catalogIdentity", json(Map.of("name", catalogName, "icebergUuid", metadata.uuid())));
        }
        Snapshot snapshot = metadata.currentSnapshot();
        Map<String, Object> snapshotAspect = new LinkedHashMap<>();
        if (snapshot != null) {
            snapshotAspect.put("snapshotId", snapshot.snapshotId());
            snapshotAspect.put("timestampMs", snapshot.timestampMillis());
            snapshotAspect.put("operation", snapshot.operation());
            snapshotAspect.put("summary", new TreeMap<>(snapshot.summary()));
        }
        Aspects.put(unit, dataset, "currentSnapshot", json(snapshotAspect));
        if (previous == null) {
            Aspects.put(unit, dataset, "status", "{\"removed\":false}");
        }
    }

    public void viewChanged(WriteTransaction unit, Urn dataset, String warehouse, List<String> namespace, String name,
                            ViewMetadata metadata, String metadataLocation) {
        String catalogName = catalogName(warehouse, namespace, name);
        Map<String, Object> props = new HashMap<>();
        props.put("kind", "view");
        props.put("catalogName", catalogName);
        props.put("name", name);
        props.put("icebergUuid", metadata.uuid());
        props.put("location", metadata.location());
        props.put("metadataLocation", metadataLocation);
        props.put("removed", false);
        Aspects.touchEntity(unit, dataset, props);
        columns(unit, dataset, metadata.schema());
        Aspects.put(unit, dataset, "schema", json(Map.of("schemaId", metadata.schema().schemaId(),
                "schema", SchemaParser.toJson(metadata.schema()))));
        Aspects.put(unit, dataset, "datasetProperties", json(new TreeMap<>(metadata.properties())));
        Aspects.put(unit, dataset, "catalogIdentity", json(Map.of("name", catalogName, "icebergUuid", metadata.uuid())));
        List<Map<String, String>> sql = new ArrayList<>();
        for (ViewRepresentation representation : metadata.currentVersion().representations()) {
            if (representation instanceof SQLViewRepresentation query) {
                sql.add(Map.of("dialect", query.dialect(), "sql", query.sql()));
            }
        }
        Aspects.put(unit, dataset, "viewDefinition", json(Map.of("versionId", metadata.currentVersionId(), "representations", sql)));
        Aspects.put(unit, dataset, "status", "{\"removed\":false}");
    }

    /**
     * Moves the catalog name of a renamed table or view: the old name is dropped and the new one resolved through
     * {@link DatasetAliases} (with a table's location, which its dataset node keeps). Returns the dataset the entry
     * now denotes (another one only when the names were split over several datasets and an older one survived the
     * merge).
     */
    public Urn renamed(WriteTransaction unit, Urn previous, String warehouse, List<String> oldNamespace, String oldName,
                       List<String> namespace, String name, boolean table) {
        String catalogName = catalogName(warehouse, namespace, name);
        unit.tx().run("MATCH (a:DatasetAlias {name: $old})-[:ALIAS_OF]->(:Entity {urn: $urn}) DETACH DELETE a",
                Map.of("old", catalogName(warehouse, oldNamespace, oldName), "urn", previous.toString())).consume();
        String location = unit.tx().run("MATCH (d:Entity {urn: $urn}) RETURN d.location AS location",
                Map.of("urn", previous.toString())).list(record -> record.get("location").asString(null))
                .stream().findFirst().orElse(null);
        Urn dataset = table ? claimTable(unit, warehouse, namespace, name, location) : claimView(unit, warehouse, namespace, name);
        Aspects.touchEntity(unit, dataset, Map.of("catalogName", catalogName, "name", name));
        unit.tx().run("""
                MATCH (d:Entity {urn: $urn})-[:HAS_ASPECT]->(a:Aspect {name: 'catalogIdentity', latest: true})
                RETURN a.value AS value
                """, Map.of("urn", dataset.toString())).list().stream().findFirst().ifPresent(record -> {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> identity = new LinkedHashMap<>(mapper.readValue(record.get("value").asString(), Map.class));
                identity.put("name", catalogName);
                Aspects.put(unit, dataset, "catalogIdentity", json(identity));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return dataset;
    }

    /**
     * A drop keeps the data set, its columns and all aspect history, marked removed (soft delete); a purge removes
     * the data set node, its columns and aliases (the change log keeps what happened).
     */
    public void dropped(WriteTransaction unit, Urn dataset, boolean purge) {
        if (!purge) {
            Aspects.touchEntity(unit, dataset, Map.of("removed", true));
            Aspects.put(unit, dataset, "status", "{\"removed\":true}");
            return;
        }
        unit.tx().run("""
                MATCH (d:Entity {urn: $urn})
                OPTIONAL MATCH (d)-[:HAS_COLUMN]->(c:Column)
                OPTIONAL MATCH (alias:DatasetAlias)-[:ALIAS_OF]->(d)
                OPTIONAL MATCH (a:Aspect) WHERE a.urn = d.urn OR a.urn = c.urn
                DETACH DELETE a, alias, c, d
                """, Map.of("urn", dataset.toString())).consume();
        unit.recordChange(new ChangeDraft(dataset, "status", 0, ChangeType.DELETE, null, "{\"removed\":true,\"purged\":true}"));
    }

    /**
     * The location in the normal form {@link DatasetName#location} gives it, the same key under which lineage ingest
     * looks up a dataset that an OpenLineage event names by path, so a Spark job's output is this table's node.
     * Null for a location without a scheme (no storage name can be derived from it).
     */
    private static DatasetName locationName(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            return DatasetName.location(location);
        } catch (IllegalArgumentException noScheme) {
            return null;
        }
    }

    private void columns(WriteTransaction unit, Urn dataset, Schema schema) {
        Map<Integer, String> paths = TypeUtil.indexNameById(schema.asStruct());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<Integer, String> path : new TreeMap<>(paths).entrySet()) {
            Types.NestedField field = schema.findField(path.getKey());
            Map<String, Object> row = new HashMap<>();
            row.put("urn", Urn.column(dataset.uuid(), path.getValue()).toString());
            row.put("fieldPath", path.getValue());
            row.put("fieldId", path.getKey());
            row.put("dataType", field.type().toString());
            row.put("doc", field.doc());
            row.put("required", field.isRequired());
            rows.add(row);
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", dataset.toString());
        parameters.put("rows", rows);
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("principal", unit.actor().principal().toString());
        List<String> changed = unit.tx().run("""
                MATCH (d:Entity {urn: $urn})
                UNWIND $rows AS row
                MERGE (c:Entity {urn: row.urn})
                ON CREATE SET c:Column, c.type = 'column', c.createdAt = $now, c.createdBy = $principal
                WITH d, c, row, (c.dataType IS NULL OR c.dataType <> row.dataType OR coalesce(c.doc, '') <> coalesce(row.doc, '')
                                 OR c.fieldId <> row.fieldId OR c.required <> row.required OR c.removed) AS changed
                SET c.fieldPath = row.fieldPath, c.fieldId = row.fieldId, c.dataType = row.dataType, c.doc = row.doc,
                    c.required = row.required, c.removed = false, c.updatedAt = CASE WHEN changed THEN $now ELSE c.updatedAt END
                MERGE (d)-[:HAS_COLUMN]->(c)
                WITH c, changed WHERE changed
                RETURN c.urn AS urn
                """, parameters).list(record -> record.get("urn").asString());
        List<String> current = rows.stream().map(row -> (String) row.get("urn")).toList();
        List<String> removed = unit.tx().run("""
                MATCH (:Entity {urn: $urn})-[:HAS_COLUMN]->(c:Column)
                WHERE NOT c.urn IN $current AND NOT coalesce(c.removed, false)
                SET c.removed = true, c.updatedAt = $now
                RETURN c.urn AS urn
                """, Map.of("urn", dataset.toString(), "current", current, "now", unit.now().toEpochMilli()))
                .list(record -> record.get("urn").asString());
        Map<String, Map<String, Object>> byUrn = new HashMap<>();
        rows.forEach(row -> byUrn.put((String) row.get("urn"), row));
        for (String column : changed) {
            Map<String, Object> row = byUrn.get(column);
            Map<String, Object> field = new TreeMap<>();
            field.put("fieldPath", row.get("fieldPath"));
            field.put("fieldId", row.get("fieldId"));
            field.put("type", row.get("dataType"));
            field.put("required", row.get("required"));
            if (row.get("doc") != null) {
                field.put("doc", row.get("doc"));
            }
            Aspects.put(unit, Urn.parse(column), "schemaField", json(field));
            Aspects.put(unit, Urn.parse(column), "status", "{\"removed\":false}");
        }
        for (String column : removed) {
            Aspects.put(unit, Urn.parse(column), "status", "{\"removed\":true}");
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
