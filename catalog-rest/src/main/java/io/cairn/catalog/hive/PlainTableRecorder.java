package io.cairn.catalog.hive;

import io.cairn.catalog.store.DatasetRecorder;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.dataset.DatasetName;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the unified data set node of a plain table in step, in the table's own unit of work, as
 * {@link DatasetRecorder} does for Iceberg tables: the data set is found (or created) through its names — the Hive
 * name {@code hive://<metastore>/<db>.<table>} and the storage location — so lineage that arrived first under either
 * name is the same node; one column node per column and partition key; versioned aspects {@code hiveTable} (the
 * definition), {@code datasetProperties}, {@code location} and {@code status}, each written only when it changed.
 */
final class PlainTableRecorder {

    private final DatasetAliases aliases = new DatasetAliases();
    private final DatasetRecorder datasets = new DatasetRecorder();
    private final String metastoreAuthority;

    /** @param metastoreAuthority {@code host:port} of this Cairn's metastore, the authority of Hive dataset names */
    PlainTableRecorder(String metastoreAuthority) {
        this.metastoreAuthority = metastoreAuthority;
    }

    /** {@code hive:<warehouse>.<db>.<table>}: the display identity of a plain table. */
    static String catalogName(String warehouse, String database, String name) {
        return "hive:" + warehouse + "." + database + "." + name;
    }

    /** Resolves (or creates) the data set the table's names denote; returns its URN. */
    Urn resolve(WriteTransaction unit, String database, String name, TableDefinition definition) {
        return aliases.resolveOrCreate(unit, names(database, name, definition)).urn();
    }

    List<DatasetName> names(String database, String name, TableDefinition definition) {
        List<DatasetName> names = new ArrayList<>(2);
        names.add(DatasetName.hive(metastoreAuthority, database + "." + name));
        String location = definition.storage().location();
        if (location != null && !location.isBlank()) {
            try {
                names.add(DatasetName.location(location));
            } catch (IllegalArgumentException noScheme) {
                // A location without a scheme is not a storage name lineage could use; the Hive name is enough.
            }
        }
        return names;
    }

    void tableChanged(WriteTransaction unit, Urn dataset, String warehouse, String database, String name,
                      TableDefinition definition, String definitionJson) {
        Map<String, Object> props = new HashMap<>();
        props.put("kind", definition.tableType() == TableType.VIRTUAL_VIEW ? "view" : "table");
        props.put("platform", "hive");
        props.put("catalogName", catalogName(warehouse, database, name));
        props.put("name", name);
        props.put("tableType", definition.tableType().name());
        props.put("removed", false);
        if (definition.storage().location() != null) {
            props.put("location", definition.storage().location());
        }
        unit.tx().run("MATCH (d:Entity {urn: $urn}) SET d += $props, d.updatedAt = $now",
                Map.of("urn", dataset.toString(), "props", props, "now", unit.now().toEpochMilli())).consume();
        columns(unit, dataset, definition);
        EntityStore.writeVersionIfChanged(unit, dataset, "hiveTable", definitionJson);
        EntityStore.writeVersionIfChanged(unit, dataset, "datasetProperties", HiveJson.write(definition.parameters()));
        if (definition.storage().location() != null) {
            EntityStore.writeVersionIfChanged(unit, dataset, "location",
                    HiveJson.write(Map.of("location", definition.storage().location())));
        }
        EntityStore.writeVersionIfChanged(unit, dataset, "status", "{\"removed\":false}");
    }

    void renamed(WriteTransaction unit, Urn dataset, String warehouse, String oldDatabase, String oldName,
                 String database, String name, TableDefinition definition) {
        unit.tx().run("MATCH (a:DatasetAlias {name: $old})-[:ALIAS_OF]->(:Entity {urn: $urn}) DETACH DELETE a",
                Map.of("old", DatasetName.hive(metastoreAuthority, oldDatabase + "." + oldName).key(), "urn", dataset.toString()))
                .consume();
        aliases.resolveOrCreate(unit, List.of(DatasetName.hive(metastoreAuthority, database + "." + name)));
        unit.tx().run("""
                MATCH (a:DatasetAlias {name: $alias}) OPTIONAL MATCH (a)-[old:ALIAS_OF]->() DELETE old
                WITH a MATCH (d:Entity {urn: $urn}) MERGE (a)-[:ALIAS_OF]->(d)
                SET d.name = $name, d.catalogName = $catalogName
                """, Map.of("alias", DatasetName.hive(metastoreAuthority, database + "." + name).key(), "urn", dataset.toString(),
                "name", name, "catalogName", catalogName(warehouse, database, name))).consume();
        unit.recordChange(new ChangeDraft(dataset, "datasetAliases", unit.now().toEpochMilli(), ChangeType.UPSERT, null,
                HiveJson.write(Map.of("renamedFrom", oldDatabase + "." + oldName, "renamedTo", database + "." + name))));
    }

    /** Soft delete: the data set, its columns and history stay, marked removed. */
    void dropped(WriteTransaction unit, Urn dataset) {
        datasets.dropped(unit, dataset, false);
    }

    /** One change event per partition write, so the audit log and consumers see partition changes. */
    void partitionsChanged(WriteTransaction unit, Urn dataset, String operation, List<List<String>> values) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("operation", operation);
        summary.put("count", values.size());
        summary.put("values", values.size() > 20 ? values.subList(0, 20) : values);
        unit.recordChange(new ChangeDraft(dataset, "hivePartitions", unit.now().toEpochMilli(), ChangeType.UPSERT, null,
                HiveJson.write(summary)));
    }

    private void columns(WriteTransaction unit, Urn dataset, TableDefinition definition) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int position = 0;
        for (HiveColumn column : definition.storage().columns()) {
            rows.add(columnRow(dataset, column, ++position, false));
        }
        for (HiveColumn key : definition.partitionKeys()) {
            rows.add(columnRow(dataset, key, ++position, true));
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
                                 OR coalesce(c.partitionKey, false) <> row.partitionKey OR coalesce(c.removed, false)) AS changed
                SET c.fieldPath = row.fieldPath, c.fieldId = row.fieldId, c.dataType = row.dataType, c.doc = row.doc,
                    c.partitionKey = row.partitionKey, c.required = false, c.removed = false,
                    c.updatedAt = CASE WHEN changed THEN $now ELSE c.updatedAt END
                MERGE (d)-[:HAS_COLUMN]->(c)
                WITH c, row, changed WHERE changed
                RETURN c.urn AS urn, row.fieldPath AS fieldPath, row.dataType AS dataType, row.doc AS doc,
                       row.partitionKey AS partitionKey
                """, parameters).list(r -> {
            Map<String, Object> field = new java.util.TreeMap<>();
            field.put("fieldPath", r.get("fieldPath").asString());
            field.put("type", r.get("dataType").asString());
            field.put("partitionKey", r.get("partitionKey").asBoolean());
            if (!r.get("doc").isNull()) {
                field.put("doc", r.get("doc").asString());
            }
            field.put("urn", r.get("urn").asString());
            return field;
        }).stream().map(field -> {
            String urn = (String) field.remove("urn");
            EntityStore.writeVersionIfChanged(unit, Urn.parse(urn), "schemaField", HiveJson.write(field));
            return urn;
        }).toList();
        List<String> current = rows.stream().map(row -> (String) row.get("urn")).toList();
        List<String> removed = unit.tx().run("""
                MATCH (:Entity {urn: $urn})-[:HAS_COLUMN]->(c:Column)
                WHERE NOT c.urn IN $current AND NOT coalesce(c.removed, false)
                SET c.removed = true, c.updatedAt = $now
                RETURN c.urn AS urn
                """, Map.of("urn", dataset.toString(), "current", current, "now", unit.now().toEpochMilli()))
                .list(r -> r.get("urn").asString());
        for (String column : changed) {
            EntityStore.writeVersionIfChanged(unit, Urn.parse(column), "status", "{\"removed\":false}");
        }
        for (String column : removed) {
            EntityStore.writeVersionIfChanged(unit, Urn.parse(column), "status", "{\"removed\":true}");
        }
    }

    private static Map<String, Object> columnRow(Urn dataset, HiveColumn column, int position, boolean partitionKey) {
        Map<String, Object> row = new HashMap<>();
        row.put("urn", Urn.column(dataset.uuid(), column.name()).toString());
        row.put("fieldPath", column.name());
        row.put("fieldId", position);
        row.put("dataType", column.type());
        row.put("doc", column.comment());
        row.put("partitionKey", partitionKey);
        return row;
    }
}
