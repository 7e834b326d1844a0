package io.cairn.catalog.hive;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.EntryKind;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Types;
import org.neo4j.driver.Record;

/**
 * The Hive-style view of one warehouse for one caller: databases, tables of both kinds, table versions and
 * partitions. Reads need the {@code reader} role, writes {@code writer}. Every write is one unit of work of the
 * store of record (with its change events); failures are {@link MetastoreException}s or
 * {@link io.cairn.metadata.auth.AccessDeniedException}. Listings are paged with opaque tokens and bounded.
 *
 * <p>Database and table names are looked up case-insensitively and created in lower case.
 */
public final class HiveMetastore {

    /** The largest page any listing returns. */
    public static final int MAX_PAGE = 1000;
    /** Partitions a filtered listing examines per call before it returns a page (possibly short) and a token. */
    public static final int MAX_PARTITIONS_SCANNED = 50_000;
    /** Partitions one call may add, fetch, or delete. */
    public static final int MAX_PARTITIONS_PER_CALL = 10_000;
    /** The aspect of a column that holds its table-level statistics. */
    public static final String STATISTICS_ASPECT = "columnStatistics";
    /** The value of {@link #STATISTICS_ASPECT} once the statistics were deleted (its history stays). */
    static final String STATISTICS_REMOVED = "{\"removed\":true}";

    static final String ICEBERG_INPUT_FORMAT = "org.apache.hadoop.mapred.FileInputFormat";
    static final String ICEBERG_OUTPUT_FORMAT = "org.apache.hadoop.mapred.FileOutputFormat";
    static final String ICEBERG_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final Warehouse warehouse;
    private final Actor actor;
    private final CairnCatalog iceberg;
    private final CatalogGraph catalogGraph;
    private final HiveGraph graph;
    private final PlainTableRecorder recorder;

    HiveMetastore(Warehouse warehouse, Actor actor, CairnCatalog iceberg, CatalogGraph catalogGraph, HiveGraph graph,
                  PlainTableRecorder recorder) {
        this.warehouse = warehouse;
        this.actor = actor;
        this.iceberg = iceberg;
        this.catalogGraph = catalogGraph;
        this.graph = graph;
        this.recorder = recorder;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public Actor actor() {
        return actor;
    }

    // ---- databases

    public HiveDatabase createDatabase(HiveDatabase database) {
        actor.require(Role.WRITER);
        String name = HiveNames.normalize("database", database.name());
        translate(() -> {
            iceberg.createNamespace(Namespace.of(name), properties(database));
            return null;
        });
        return database(name);
    }

    public HiveDatabase database(String name) {
        actor.require(Role.READER);
        String stored = databaseName(name);
        Map<String, String> properties = translate(() -> iceberg.loadNamespaceMetadata(Namespace.of(stored)));
        return toDatabase(stored, properties);
    }

    /** Databases in name order, optionally only those whose name passes {@code nameFilter}. */
    public Page<HiveDatabase> databases(Predicate<String> nameFilter, String nextToken, int maxResults) {
        actor.require(Role.READER);
        int limit = pageSize(maxResults);
        String after = decodeToken(nextToken);
        List<HiveDatabase> found = new ArrayList<>();
        int scanned = 0;
        while (found.size() < limit && scanned < MAX_PARTITIONS_SCANNED) {
            List<Record> batch = graph.databases(warehouse.name(), after, MAX_PAGE);
            for (Record record : batch) {
                scanned++;
                after = record.get("name").asString();
                if (nameFilter == null || nameFilter.test(after)) {
                    found.add(toDatabase(after, readMap(record.get("properties").asString("{}"))));
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            if (batch.size() < MAX_PAGE && found.size() < limit) {
                return new Page<>(found, null);
            }
        }
        return new Page<>(found, graph.databases(warehouse.name(), after, 1).isEmpty() ? null : encodeToken(after));
    }

    /** Replaces description, location and parameters with those of {@code changed}. */
    public HiveDatabase alterDatabase(String name, HiveDatabase changed) {
        actor.require(Role.WRITER);
        String stored = databaseName(name);
        Map<String, String> after = properties(changed);
        translate(() -> graph.store().write(actor, unit -> {
            Map<String, String> before = catalogGraph.updateNamespace(unit, warehouse.name(), List.of(stored), after, List.of());
            List<String> removals = before.keySet().stream().filter(key -> !after.containsKey(key)).toList();
            if (!removals.isEmpty()) {
                catalogGraph.updateNamespace(unit, warehouse.name(), List.of(stored), Map.of(), removals);
            }
            return null;
        }));
        return database(stored);
    }

    /**
     * Drops a database. With {@code cascade}, its tables go first (plain tables with their partitions; Iceberg tables
     * are unregistered, their files kept); without it, a database with tables is refused.
     */
    public void dropDatabase(String name, boolean cascade) {
        actor.require(Role.WRITER);
        String stored = databaseName(name);
        if (cascade) {
            List<String> tables = tableNames(stored, null);
            for (String table : tables) {
                dropTable(stored, table);
            }
        }
        boolean dropped = translate(() -> iceberg.dropNamespace(Namespace.of(stored)));
        if (!dropped) {
            throw new NoSuchObjectException("database '" + name + "' does not exist");
        }
    }

    // ---- tables

    public Optional<HiveTable> findTable(String database, String name) {
        actor.require(Role.READER);
        return graph.store().read(tx -> {
            String stored = graph.databaseName(tx, warehouse.name(), database)
                    .orElseThrow(() -> new NoSuchObjectException("database '" + database + "' does not exist"));
            return graph.table(tx, warehouse.name(), HiveGraph.namespaceKey(stored), name).map(row -> toTable(stored, row));
        });
    }

    public HiveTable table(String database, String name) {
        return findTable(database, name).orElseThrow(() -> noSuchTable(database, name));
    }

    /** Tables of both kinds in name order, optionally only those whose name passes {@code nameFilter}. */
    public Page<HiveTable> tables(String database, Predicate<String> nameFilter, String nextToken, int maxResults) {
        actor.require(Role.READER);
        String stored = databaseName(database);
        String namespace = HiveGraph.namespaceKey(stored);
        int limit = pageSize(maxResults);
        String after = decodeToken(nextToken);
        List<HiveTable> found = new ArrayList<>();
        int scanned = 0;
        while (scanned < MAX_PARTITIONS_SCANNED) {
            int batchSize = nameFilter == null ? limit - found.size() : MAX_PAGE;
            List<TableRow> rows = graph.tables(warehouse.name(), namespace, after, batchSize);
            for (TableRow row : rows) {
                scanned++;
                after = row.name();
                if (nameFilter == null || nameFilter.test(row.name())) {
                    found.add(toTable(stored, row));
                    if (found.size() == limit) {
                        String from = after;
                        boolean more = !graph.store().read(tx -> graph.tableNames(tx, warehouse.name(), namespace, from, 1)).isEmpty();
                        return new Page<>(found, more ? encodeToken(after) : null);
                    }
                }
            }
            if (rows.size() < batchSize) {
                return new Page<>(found, null);
            }
        }
        return new Page<>(found, encodeToken(after));
    }

    /** Every table name of a database (both kinds), optionally filtered; bounded by {@value #MAX_PARTITIONS_SCANNED}. */
    public List<String> tableNames(String database, Predicate<String> nameFilter) {
        actor.require(Role.READER);
        String stored = databaseName(database);
        String namespace = HiveGraph.namespaceKey(stored);
        List<String> names = new ArrayList<>();
        String after = "";
        while (names.size() < MAX_PARTITIONS_SCANNED) {
            String from = after;
            List<String> batch = graph.store().read(tx -> graph.tableNames(tx, warehouse.name(), namespace, from, MAX_PAGE));
            for (String name : batch) {
                if (nameFilter == null || nameFilter.test(name)) {
                    names.add(name);
                }
            }
            if (batch.size() < MAX_PAGE) {
                break;
            }
            after = batch.get(batch.size() - 1);
        }
        return names;
    }

    /**
     * Creates a table. A definition with {@code table_type=ICEBERG} and {@code metadata_location} registers that
     * Iceberg metadata file with the catalog (readable through Iceberg REST at once); anything else is a plain table,
     * which gets {@code <database location>/<name>} when it is managed and names no location.
     */
    public HiveTable createTable(String database, String name, TableDefinition definition) {
        actor.require(Role.WRITER);
        String table = HiveNames.normalize("table", name);
        String stored = databaseName(database);
        validate(definition);
        if (definition.isIceberg()) {
            String metadataLocation = definition.metadataLocation();
            if (metadataLocation == null) {
                throw new InvalidObjectException("an Iceberg table (table_type=ICEBERG) needs the parameter metadata_location");
            }
            register(stored, table, metadataLocation);
            return table(stored, table);
        }
        TableDefinition complete = definition;
        if (definition.storage().location() == null && definition.tableType() == TableType.MANAGED_TABLE) {
            complete = definition.withStorage(definition.storage().withLocation(defaultTableLocation(stored, table)));
        }
        TableDefinition toStore = complete;
        String json = HiveJson.write(toStore);
        translate(() -> graph.store().write(actor, unit -> {
            Urn dataset = recorder.resolve(unit, stored, table, toStore);
            catalogGraph.swap(unit, warehouse.name(), List.of(stored), table, EntryKind.HIVE_TABLE, null, "", dataset);
            graph.writeDefinition(unit, warehouse.name(), HiveGraph.namespaceKey(stored), table, UUID.randomUUID().toString(),
                    1, json, dataset.toString());
            recorder.tableChanged(unit, dataset, warehouse.name(), stored, table, toStore, json);
            return null;
        }));
        return table(stored, table);
    }

    /**
     * Replaces a table's definition. {@code expectedVersionId} (nullable) is the version the caller read; if another
     * writer changed the table since, nothing is written and {@link ConcurrentUpdateException} is thrown. For an
     * Iceberg table only a new {@code metadata_location} matters: it is committed by compare-and-swap against
     * {@code previous_metadata_location} (or the current location when absent), like an Iceberg REST commit.
     */
    public HiveTable updateTable(String database, String name, TableDefinition definition, String expectedVersionId) {
        actor.require(Role.WRITER);
        validate(definition);
        HiveTable current = table(database, name);
        if (current.kind() == TableKind.ICEBERG) {
            return updateIceberg(current, definition, expectedVersionId);
        }
        if (definition.isIceberg()) {
            throw new InvalidObjectException("table " + current.database() + "." + current.name()
                    + " is not an Iceberg table; register the Iceberg table under a new name instead");
        }
        String stored = current.database();
        String table = current.name();
        String namespace = HiveGraph.namespaceKey(stored);
        translate(() -> graph.store().write(actor, unit -> {
            TableRow row = graph.lockTable(unit, warehouse.name(), namespace, table)
                    .filter(TableRow::isPlain)
                    .orElseThrow(() -> new ConcurrentUpdateException("table " + stored + "." + table + " was dropped or replaced meanwhile"));
            if (expectedVersionId != null && !expectedVersionId.equals(String.valueOf(row.version()))) {
                throw new ConcurrentUpdateException("table " + stored + "." + table + " is at version " + row.version()
                        + ", not " + expectedVersionId + ": another writer updated it first");
            }
            TableDefinition before = HiveJson.read(row.definition(), TableDefinition.class);
            TableDefinition after = definition.storage().location() == null && before.storage().location() != null
                    ? definition.withStorage(definition.storage().withLocation(before.storage().location())) : definition;
            if (!sameKeys(before.partitionKeys(), after.partitionKeys()) && graph.partitionCount(unit.tx(), row.tableId()) > 0) {
                throw new InvalidObjectException("the partition keys of " + stored + "." + table
                        + " cannot change while it has partitions");
            }
            String json = HiveJson.write(after);
            Urn dataset = recorder.resolve(unit, stored, table, after);
            graph.writeDefinition(unit, warehouse.name(), namespace, table, row.tableId(), row.version() + 1, json, dataset.toString());
            recorder.tableChanged(unit, dataset, warehouse.name(), stored, table, after, json);
            return null;
        }));
        return table(stored, table);
    }

    /**
     * Commits a new Iceberg metadata file: makes {@code next} current if the current one is {@code expected}, in the
     * same compare-and-swap as Iceberg REST commits. Throws {@link ConcurrentUpdateException} when another writer
     * committed first.
     */
    public HiveTable commitIcebergLocation(String database, String name, String expected, String next) {
        actor.require(Role.WRITER);
        HiveTable current = table(database, name);
        if (current.kind() != TableKind.ICEBERG) {
            throw new InvalidObjectException("table " + current.database() + "." + current.name() + " is not an Iceberg table");
        }
        if (expected == null || expected.isBlank() || next == null || next.isBlank()) {
            throw new InvalidObjectException("an Iceberg commit needs the expected and the new metadata_location");
        }
        if (!expected.equals(current.metadataLocation())) {
            // Checked again inside the compare-and-swap; this only spares reading a file for a commit that lost already.
            throw new ConcurrentUpdateException("cannot commit " + current.database() + "." + current.name()
                    + ": its metadata location is " + current.metadataLocation() + ", not " + expected
                    + " (another writer committed first)");
        }
        TableIdentifier identifier = TableIdentifier.of(current.database(), current.name());
        try {
            translate(() -> {
                iceberg.commitMetadataLocation(identifier, expected, next);
                return null;
            });
        } catch (NoSuchObjectException missing) {
            throw new InvalidObjectException("cannot read the new metadata file " + next + ": " + missing.getMessage(), missing);
        }
        return table(current.database(), current.name());
    }

    /** Renames (and possibly moves) a table of either kind. */
    public HiveTable renameTable(String database, String name, String newDatabase, String newName) {
        actor.require(Role.WRITER);
        HiveTable current = table(database, name);
        String targetDatabase = databaseName(newDatabase);
        String target = HiveNames.normalize("table", newName);
        if (current.kind() == TableKind.ICEBERG) {
            translate(() -> {
                iceberg.renameTable(TableIdentifier.of(current.database(), current.name()), TableIdentifier.of(targetDatabase, target));
                return null;
            });
            return table(targetDatabase, target);
        }
        translate(() -> graph.store().write(actor, unit -> {
            TableRow row = graph.lockTable(unit, warehouse.name(), HiveGraph.namespaceKey(current.database()), current.name())
                    .filter(TableRow::isPlain)
                    .orElseThrow(() -> noSuchTable(database, name));
            CatalogEntry entry = new CatalogEntry(warehouse.name(), List.of(current.database()), current.name(),
                    EntryKind.HIVE_TABLE, "", Urn.parse(row.dataset()));
            catalogGraph.move(unit, warehouse.name(), entry, List.of(targetDatabase), target);
            recorder.renamed(unit, Urn.parse(row.dataset()), warehouse.name(), current.database(), current.name(), targetDatabase,
                    target, current.definition());
            return null;
        }));
        return table(targetDatabase, target);
    }

    /**
     * Drops a table. A plain table goes with its versions and partitions (its data set stays, marked removed); an
     * Iceberg table is unregistered from the catalog, its files kept, as Glue and Hive do for external tables.
     */
    public void dropTable(String database, String name) {
        actor.require(Role.WRITER);
        HiveTable current = table(database, name);
        if (current.kind() == TableKind.ICEBERG) {
            boolean dropped = translate(() -> iceberg.dropTable(TableIdentifier.of(current.database(), current.name()), false));
            if (!dropped) {
                throw noSuchTable(database, name);
            }
            return;
        }
        translate(() -> graph.store().write(actor, unit -> {
            TableRow row = graph.lockTable(unit, warehouse.name(), HiveGraph.namespaceKey(current.database()), current.name())
                    .filter(TableRow::isPlain)
                    .orElseThrow(() -> noSuchTable(database, name));
            graph.deletePlainTable(unit, warehouse.name(), HiveGraph.namespaceKey(current.database()), current.name(), row.tableId());
            recorder.dropped(unit, Urn.parse(row.dataset()));
            return null;
        }));
    }

    /** {@code <database location>/<name>}, or {@code <warehouse>/<database>/<name>} when the database has none. */
    public String defaultTableLocation(String database, String name) {
        HiveDatabase db = database(database);
        String base = db.locationUri() != null && !db.locationUri().isBlank()
                ? stripSlash(db.locationUri())
                : warehouse.location() + "/" + db.name();
        return base + "/" + HiveNames.lookup(name);
    }

    // ---- table versions

    /** Versions newest first. An Iceberg table has one: its current state. */
    public Page<TableVersion> tableVersions(String database, String name, String nextToken, int maxResults) {
        HiveTable current = table(database, name);
        if (current.kind() == TableKind.ICEBERG) {
            return new Page<>(List.of(new TableVersion(current.versionId(), current)), null);
        }
        int limit = pageSize(maxResults);
        String token = decodeToken(nextToken);
        long before = token.isEmpty() ? Long.MAX_VALUE : parseVersion(token);
        String tableId = tableId(current);
        List<Record> records = graph.versions(tableId, before, limit + 1);
        List<TableVersion> versions = new ArrayList<>();
        for (Record record : records.subList(0, Math.min(limit, records.size()))) {
            versions.add(toVersion(current, record));
        }
        String next = records.size() > limit ? encodeToken(versions.get(versions.size() - 1).versionId()) : null;
        return new Page<>(versions, next);
    }

    public TableVersion tableVersion(String database, String name, String versionId) {
        HiveTable current = table(database, name);
        if (current.kind() == TableKind.ICEBERG) {
            if (versionId == null || versionId.equals(current.versionId())) {
                return new TableVersion(current.versionId(), current);
            }
            throw new NoSuchObjectException("Iceberg table " + current.database() + "." + current.name()
                    + " has no version " + versionId + "; its history is in its metadata (snapshots, metadata log)");
        }
        if (versionId == null) {
            return new TableVersion(current.versionId(), current);
        }
        return graph.version(tableId(current), parseVersion(versionId)).map(record -> toVersion(current, record))
                .orElseThrow(() -> new NoSuchObjectException("table " + current.database() + "." + current.name()
                        + " has no version " + versionId));
    }

    /** Deletes an old version; the current one cannot be deleted. */
    public void deleteTableVersion(String database, String name, String versionId) {
        actor.require(Role.WRITER);
        HiveTable current = table(database, name);
        if (current.kind() == TableKind.ICEBERG) {
            throw new InvalidObjectException("Iceberg table versions are its snapshots; expire them through Iceberg");
        }
        if (current.versionId().equals(versionId)) {
            throw new InvalidObjectException("version " + versionId + " is the current version of " + current.database() + "."
                    + current.name() + " and cannot be deleted");
        }
        long version = parseVersion(versionId);
        String tableId = tableId(current);
        boolean deleted = graph.store().write(actor, unit -> graph.deleteVersion(unit, tableId, version));
        if (!deleted) {
            throw new NoSuchObjectException("table " + current.database() + "." + current.name() + " has no version " + versionId);
        }
    }

    // ---- partitions

    /**
     * Adds partitions. With {@code skipExisting} false, one that exists fails the whole call (nothing is written);
     * with it true, existing ones are left as they are and returned, and the others are added.
     */
    public List<List<String>> addPartitions(String database, String name, List<PartitionDefinition> partitions,
                                            boolean skipExisting) {
        actor.require(Role.WRITER);
        HiveTable table = plainTable(database, name);
        if (partitions.size() > MAX_PARTITIONS_PER_CALL) {
            throw new InvalidObjectException("at most " + MAX_PARTITIONS_PER_CALL + " partitions can be added in one call, not "
                    + partitions.size());
        }
        List<HiveColumn> keys = table.definition().partitionKeys();
        Map<String, PartitionDefinition> byKey = new LinkedHashMap<>();
        for (PartitionDefinition partition : partitions) {
            String key = PartitionNames.name(keys, partition.values());
            PartitionDefinition complete = withDefaultLocation(table, partition, key);
            if (byKey.put(key, complete) != null) {
                throw new InvalidObjectException("partition " + key + " is given twice");
            }
        }
        String tableId = tableId(table);
        return translate(() -> graph.store().write(actor, unit -> {
            lockPlain(unit, table);
            List<String> existing = graph.existingPartitions(unit, tableId, List.copyOf(byKey.keySet()));
            if (!existing.isEmpty() && !skipExisting) {
                throw new ObjectAlreadyExistsException("partition " + existing.get(0) + " of " + table.database() + "."
                        + table.name() + " already exists");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            List<List<String>> added = new ArrayList<>();
            byKey.forEach((key, partition) -> {
                if (!existing.contains(key)) {
                    rows.add(Map.of("key", key, "values", partition.values(), "definition", HiveJson.write(partition)));
                    added.add(partition.values());
                }
            });
            graph.createPartitions(unit, tableId, rows);
            if (!added.isEmpty()) {
                recorder.partitionsChanged(unit, table.dataset(), "add", added);
            }
            return existing.stream().map(key -> byKey.get(key).values()).toList();
        }));
    }

    public HivePartition partition(String database, String name, List<String> values) {
        List<HivePartition> found = partitions(database, name, List.of(values));
        if (found.isEmpty()) {
            throw new NoSuchObjectException("table " + database + "." + name + " has no partition " + values);
        }
        return found.get(0);
    }

    /** The partitions among {@code valuesList} that exist, in the order asked. */
    public List<HivePartition> partitions(String database, String name, List<List<String>> valuesList) {
        HiveTable table = plainTable(database, name);
        if (valuesList.size() > MAX_PARTITIONS_PER_CALL) {
            throw new InvalidObjectException("at most " + MAX_PARTITIONS_PER_CALL + " partitions can be fetched in one call");
        }
        List<String> keys = valuesList.stream().map(values -> PartitionNames.name(table.definition().partitionKeys(), values)).toList();
        Map<String, HivePartition> byKey = new HashMap<>();
        for (Record record : graph.partitions(tableId(table), keys)) {
            byKey.put(record.get("key").asString(), toPartition(table, record));
        }
        return keys.stream().map(byKey::get).filter(partition -> partition != null).toList();
    }

    /**
     * Replaces a partition; the new definition may carry new values (the partition moves to them, which must be
     * free).
     */
    public HivePartition updatePartition(String database, String name, List<String> values, PartitionDefinition partition) {
        actor.require(Role.WRITER);
        HiveTable table = plainTable(database, name);
        List<HiveColumn> keys = table.definition().partitionKeys();
        String oldKey = PartitionNames.name(keys, values);
        String newKey = PartitionNames.name(keys, partition.values());
        PartitionDefinition complete = withDefaultLocation(table, partition, newKey);
        String tableId = tableId(table);
        translate(() -> graph.store().write(actor, unit -> {
            lockPlain(unit, table);
            if (graph.existingPartitions(unit, tableId, List.of(oldKey)).isEmpty()) {
                throw new NoSuchObjectException("table " + table.database() + "." + table.name() + " has no partition " + oldKey);
            }
            if (oldKey.equals(newKey)) {
                graph.updatePartition(unit, tableId, oldKey, complete.values(), HiveJson.write(complete));
            } else {
                if (!graph.existingPartitions(unit, tableId, List.of(newKey)).isEmpty()) {
                    throw new ObjectAlreadyExistsException("partition " + newKey + " of " + table.database() + "." + table.name()
                            + " already exists");
                }
                graph.deletePartitions(unit, tableId, List.of(oldKey));
                graph.createPartitions(unit, tableId, List.of(Map.of("key", newKey, "values", complete.values(),
                        "definition", HiveJson.write(complete))));
            }
            recorder.partitionsChanged(unit, table.dataset(), "update", List.of(complete.values()));
            return null;
        }));
        return partition(table.database(), table.name(), complete.values());
    }

    /** Deletes partitions; returns the values of those that did not exist. */
    public List<List<String>> deletePartitions(String database, String name, List<List<String>> valuesList) {
        actor.require(Role.WRITER);
        HiveTable table = plainTable(database, name);
        if (valuesList.size() > MAX_PARTITIONS_PER_CALL) {
            throw new InvalidObjectException("at most " + MAX_PARTITIONS_PER_CALL + " partitions can be deleted in one call");
        }
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (List<String> values : valuesList) {
            byKey.put(PartitionNames.name(table.definition().partitionKeys(), values), values);
        }
        String tableId = tableId(table);
        return translate(() -> graph.store().write(actor, unit -> {
            lockPlain(unit, table);
            List<String> deleted = graph.deletePartitions(unit, tableId, List.copyOf(byKey.keySet()));
            if (!deleted.isEmpty()) {
                recorder.partitionsChanged(unit, table.dataset(), "delete", deleted.stream().map(byKey::get).toList());
            }
            return byKey.entrySet().stream().filter(entry -> !deleted.contains(entry.getKey())).map(Map.Entry::getValue).toList();
        }));
    }

    /**
     * A page of partitions in partition-name order that pass {@code filter}. At most {@value #MAX_PARTITIONS_SCANNED}
     * partitions are examined per call, so a selective filter over a huge table may return a short (even empty) page
     * with a token to continue.
     */
    public Page<HivePartition> partitions(String database, String name, PartitionFilter filter, String nextToken, int maxResults) {
        HiveTable table = plainTable(database, name);
        return partitions(table, (filter == null ? PartitionFilter.parse(null) : filter).bind(table.definition().partitionKeys()),
                nextToken, maxResults);
    }

    /**
     * A page of partitions whose values match {@code spec}: one entry per leading partition key, an empty string
     * matching any value (Hive's partial partition specification).
     */
    public Page<HivePartition> partitionsMatching(String database, String name, List<String> spec, String nextToken, int maxResults) {
        HiveTable table = plainTable(database, name);
        if (spec.size() > table.definition().partitionKeys().size()) {
            throw new InvalidObjectException("the table has " + table.definition().partitionKeys().size()
                    + " partition keys but " + spec.size() + " values were given");
        }
        Predicate<List<String>> test = values -> {
            for (int i = 0; i < spec.size(); i++) {
                String wanted = spec.get(i);
                if (wanted != null && !wanted.isEmpty() && !wanted.equals(values.get(i))) {
                    return false;
                }
            }
            return true;
        };
        return partitions(table, test, nextToken, maxResults);
    }

    private Page<HivePartition> partitions(HiveTable table, Predicate<List<String>> test, String nextToken, int maxResults) {
        int limit = pageSize(maxResults);
        String after = decodeToken(nextToken);
        String tableId = tableId(table);
        List<HivePartition> found = new ArrayList<>();
        int scanned = 0;
        while (scanned < MAX_PARTITIONS_SCANNED) {
            List<Record> batch = graph.partitionPage(tableId, after, Math.min(MAX_PAGE, MAX_PARTITIONS_SCANNED - scanned));
            for (Record record : batch) {
                scanned++;
                after = record.get("key").asString();
                if (test.test(record.get("values").asList(org.neo4j.driver.Value::asString))) {
                    found.add(toPartition(table, record));
                    if (found.size() == limit) {
                        return new Page<>(found, graph.partitionPage(tableId, after, 1).isEmpty() ? null : encodeToken(after));
                    }
                }
            }
            if (batch.size() < MAX_PAGE) {
                return new Page<>(found, null);
            }
        }
        return new Page<>(found, encodeToken(after));
    }

    /**
     * Points the partitions stored under {@code from} at the same relative place under {@code to}, after the table's
     * directory moved (a rename of a managed table). Returns how many partitions moved.
     */
    public int relocatePartitions(String database, String name, String from, String to) {
        actor.require(Role.WRITER);
        HiveTable table = plainTable(database, name);
        String prefix = stripSlash(from) + "/";
        String tableId = tableId(table);
        int moved = 0;
        String after = "";
        while (true) {
            List<Record> batch = graph.partitionPage(tableId, after, MAX_PAGE);
            List<PartitionDefinition> relocated = new ArrayList<>();
            for (Record record : batch) {
                after = record.get("key").asString();
                PartitionDefinition partition = HiveJson.read(record.get("definition").asString(), PartitionDefinition.class);
                String location = partition.storage().location();
                if (location != null && location.startsWith(prefix)) {
                    relocated.add(partition.withStorage(partition.storage().withLocation(stripSlash(to) + "/"
                            + location.substring(prefix.length()))));
                }
            }
            if (!relocated.isEmpty()) {
                translate(() -> graph.store().write(actor, unit -> {
                    lockPlain(unit, table);
                    for (PartitionDefinition partition : relocated) {
                        graph.updatePartition(unit, tableId, PartitionNames.name(table.definition().partitionKeys(), partition.values()),
                                partition.values(), HiveJson.write(partition));
                    }
                    return null;
                }));
                moved += relocated.size();
            }
            if (batch.size() < MAX_PAGE) {
                return moved;
            }
        }
    }

    // ---- column statistics

    /**
     * Stores table-level column statistics, each as the {@value #STATISTICS_ASPECT} aspect of its column, replacing
     * what that column had. Every column must be a column or partition key of the table.
     */
    public void updateTableStatistics(String database, String name, List<ColumnStatistics> statistics) {
        actor.require(Role.WRITER);
        HiveTable table = table(database, name);
        Urn dataset = requireDataset(table);
        requireColumns(table, statistics.stream().map(ColumnStatistics::column).toList());
        translate(() -> graph.store().write(actor, unit -> {
            for (ColumnStatistics column : statistics) {
                EntityStore.writeVersionIfChanged(unit, Urn.column(dataset.uuid(), column.column()), STATISTICS_ASPECT,
                        HiveJson.write(column));
            }
            return null;
        }));
    }

    /** The table-level statistics of {@code columns} (all columns when null) that have any, in table column order. */
    public List<ColumnStatistics> tableStatistics(String database, String name, List<String> columns) {
        HiveTable table = table(database, name);
        if (table.dataset() == null) {
            return List.of();
        }
        List<String> wanted = columns == null ? allColumns(table) : columns.stream().map(HiveNames::lookup).toList();
        Map<String, String> urns = new LinkedHashMap<>();
        for (String column : wanted) {
            urns.put(Urn.column(table.dataset().uuid(), column).toString(), column);
        }
        Map<String, String> found = graph.latestAspects(List.copyOf(urns.keySet()), STATISTICS_ASPECT);
        List<ColumnStatistics> statistics = new ArrayList<>();
        urns.keySet().forEach(urn -> {
            String json = found.get(urn);
            if (json != null && !STATISTICS_REMOVED.equals(json)) {
                statistics.add(HiveJson.read(json, ColumnStatistics.class));
            }
        });
        return statistics;
    }

    /** Deletes the table-level statistics of one column, or of all when {@code column} is null; whether any existed. */
    public boolean deleteTableStatistics(String database, String name, String column) {
        actor.require(Role.WRITER);
        HiveTable table = table(database, name);
        if (column != null) {
            requireColumns(table, List.of(column));
        }
        List<ColumnStatistics> existing = tableStatistics(database, name, column == null ? null : List.of(column));
        if (existing.isEmpty()) {
            return false;
        }
        Urn dataset = requireDataset(table);
        translate(() -> graph.store().write(actor, unit -> {
            for (ColumnStatistics statistics : existing) {
                EntityStore.writeVersionIfChanged(unit, Urn.column(dataset.uuid(), statistics.column()), STATISTICS_ASPECT,
                        STATISTICS_REMOVED);
            }
            return null;
        }));
        return true;
    }

    /** Stores column statistics of one partition, replacing what those columns had there. */
    public void updatePartitionStatistics(String database, String name, List<String> values, List<ColumnStatistics> statistics) {
        actor.require(Role.WRITER);
        HiveTable table = plainTable(database, name);
        requireColumns(table, statistics.stream().map(ColumnStatistics::column).toList());
        String key = PartitionNames.name(table.definition().partitionKeys(), values);
        String tableId = tableId(table);
        translate(() -> graph.store().write(actor, unit -> {
            lockPlain(unit, table);
            Map<String, ColumnStatistics> byColumn = readStatistics(graph.partitionStatistics(unit, tableId, key)
                    .orElseThrow(() -> noSuchPartition(table, key)));
            statistics.forEach(column -> byColumn.put(column.column(), column));
            graph.writePartitionStatistics(unit, tableId, key, HiveJson.write(byColumn));
            recorder.partitionsChanged(unit, table.dataset(), "statistics", List.of(values));
            return null;
        }));
    }

    /**
     * Partition name to the statistics of {@code columns} (all when null) for the partitions among {@code valuesList}
     * that have any.
     */
    public Map<String, List<ColumnStatistics>> partitionStatistics(String database, String name, List<List<String>> valuesList,
                                                                   List<String> columns) {
        HiveTable table = plainTable(database, name);
        if (valuesList.size() > MAX_PARTITIONS_PER_CALL) {
            throw new InvalidObjectException("at most " + MAX_PARTITIONS_PER_CALL + " partitions can be fetched in one call");
        }
        List<String> keys = valuesList.stream().map(values -> PartitionNames.name(table.definition().partitionKeys(), values)).toList();
        List<String> wanted = columns == null ? allColumns(table) : columns.stream().map(HiveNames::lookup).toList();
        Map<String, List<ColumnStatistics>> result = new LinkedHashMap<>();
        Map<String, String> stored = graph.partitionStatistics(tableId(table), keys);
        for (String key : keys) {
            Map<String, ColumnStatistics> byColumn = readStatistics(stored.getOrDefault(key, "{}"));
            List<ColumnStatistics> found = wanted.stream().map(byColumn::get).filter(Objects::nonNull).toList();
            if (!found.isEmpty()) {
                result.put(key, found);
            }
        }
        return result;
    }

    /** Deletes a partition's statistics of one column, or of all when {@code column} is null; whether any existed. */
    public boolean deletePartitionStatistics(String database, String name, List<String> values, String column) {
        actor.require(Role.WRITER);
        HiveTable table = plainTable(database, name);
        String key = PartitionNames.name(table.definition().partitionKeys(), values);
        String tableId = tableId(table);
        return translate(() -> graph.store().write(actor, unit -> {
            lockPlain(unit, table);
            Map<String, ColumnStatistics> byColumn = readStatistics(graph.partitionStatistics(unit, tableId, key)
                    .orElseThrow(() -> noSuchPartition(table, key)));
            boolean removed = column == null ? !byColumn.isEmpty() : byColumn.remove(HiveNames.lookup(column)) != null;
            if (column == null) {
                byColumn.clear();
            }
            if (removed) {
                graph.writePartitionStatistics(unit, tableId, key, HiveJson.write(byColumn));
                recorder.partitionsChanged(unit, table.dataset(), "statistics", List.of(values));
            }
            return removed;
        }));
    }

    private static Urn requireDataset(HiveTable table) {
        if (table.dataset() == null) {
            throw new InvalidObjectException("table " + table.database() + "." + table.name() + " has no data set to keep statistics on");
        }
        return table.dataset();
    }

    private static List<String> allColumns(HiveTable table) {
        List<String> names = new ArrayList<>();
        table.definition().storage().columns().forEach(column -> names.add(HiveNames.lookup(column.name())));
        table.definition().partitionKeys().forEach(key -> names.add(HiveNames.lookup(key.name())));
        return names;
    }

    private static void requireColumns(HiveTable table, List<String> columns) {
        Set<String> known = new HashSet<>(allColumns(table));
        for (String column : columns) {
            if (!known.contains(HiveNames.lookup(column))) {
                throw new InvalidObjectException("table " + table.database() + "." + table.name() + " has no column '" + column + "'");
            }
        }
    }

    private static Map<String, ColumnStatistics> readStatistics(String json) {
        Map<String, ColumnStatistics> byColumn = new TreeMap<>();
        try {
            JsonNode node = JSON.readTree(json);
            node.fields().forEachRemaining(entry -> byColumn.put(entry.getKey(), HiveJson.read(entry.getValue().toString(),
                    ColumnStatistics.class)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("stored partition statistics are unreadable", e);
        }
        return byColumn;
    }

    private static NoSuchObjectException noSuchPartition(HiveTable table, String key) {
        return new NoSuchObjectException("table " + table.database() + "." + table.name() + " has no partition " + key);
    }

    // ---- helpers

    private HiveTable updateIceberg(HiveTable current, TableDefinition definition, String expectedVersionId) {
        if (!definition.isIceberg()) {
            throw new InvalidObjectException("table " + current.database() + "." + current.name()
                    + " is an Iceberg table; an update must keep table_type=ICEBERG");
        }
        String next = definition.metadataLocation();
        if (next == null) {
            throw new InvalidObjectException("an update of Iceberg table " + current.database() + "." + current.name()
                    + " needs the parameter metadata_location");
        }
        if (expectedVersionId != null && !expectedVersionId.equals(current.versionId())) {
            throw new ConcurrentUpdateException("table " + current.database() + "." + current.name() + " is at version "
                    + current.versionId() + ", not " + expectedVersionId + ": another writer committed first");
        }
        if (next.equals(current.metadataLocation())) {
            return current;
        }
        String previous = definition.parameters().get(TableDefinition.PREVIOUS_METADATA_LOCATION);
        String expected = previous == null || previous.isBlank() ? current.metadataLocation() : previous;
        return commitIcebergLocation(current.database(), current.name(), expected, next);
    }

    private void register(String database, String table, String metadataLocation) {
        try {
            iceberg.registerTable(TableIdentifier.of(database, table), metadataLocation);
        } catch (AlreadyExistsException e) {
            throw new ObjectAlreadyExistsException("table " + database + "." + table + " already exists");
        } catch (NoSuchNamespaceException e) {
            throw new NoSuchObjectException("database '" + database + "' does not exist");
        } catch (NotFoundException | RuntimeIOException | ValidationException | IllegalArgumentException e) {
            throw new InvalidObjectException("cannot register " + metadataLocation + " as an Iceberg table: " + e.getMessage(), e);
        }
    }

    private HiveTable plainTable(String database, String name) {
        HiveTable table = table(database, name);
        if (table.kind() != TableKind.PLAIN) {
            throw new InvalidObjectException("table " + table.database() + "." + table.name()
                    + " is an Iceberg table; its partitions are managed by Iceberg (hidden partitioning)");
        }
        return table;
    }

    /** Serialises partition writes with table updates and drops; fails if the table went meanwhile. */
    private void lockPlain(io.cairn.metadata.store.WriteTransaction unit, HiveTable table) {
        TableRow row = graph.lockTable(unit, warehouse.name(), HiveGraph.namespaceKey(table.database()), table.name())
                .filter(TableRow::isPlain)
                .orElseThrow(() -> noSuchTable(table.database(), table.name()));
        if (!row.tableId().equals(tableId(table))) {
            throw new ConcurrentUpdateException("table " + table.database() + "." + table.name() + " was replaced meanwhile");
        }
    }

    private String tableId(HiveTable table) {
        return graph.store().read(tx -> tx.run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name}) RETURN e.hiveTableId AS id
                """, Map.of("warehouse", warehouse.name(), "namespace", HiveGraph.namespaceKey(table.database()), "name", table.name()))
                .list(r -> r.get("id").asString(null))).stream().filter(id -> id != null).findFirst()
                .orElseThrow(() -> noSuchTable(table.database(), table.name()));
    }

    private PartitionDefinition withDefaultLocation(HiveTable table, PartitionDefinition partition, String key) {
        if (partition.storage().location() != null || table.location() == null) {
            return partition;
        }
        return partition.withStorage(partition.storage().withLocation(stripSlash(table.location()) + "/" + key));
    }

    private String databaseName(String requested) {
        if (requested == null || requested.isEmpty()) {
            throw new InvalidObjectException("database name is missing");
        }
        return graph.store().read(tx -> graph.databaseName(tx, warehouse.name(), requested))
                .orElseThrow(() -> new NoSuchObjectException("database '" + requested + "' does not exist"));
    }

    private HiveTable toTable(String database, TableRow row) {
        Instant created = Instant.ofEpochMilli(row.createdAt());
        Instant updated = Instant.ofEpochMilli(row.updatedAt());
        Urn dataset = row.dataset() == null ? null : Urn.parse(row.dataset());
        if (row.isPlain()) {
            TableDefinition definition = HiveJson.read(row.definition(), TableDefinition.class);
            return new HiveTable(database, row.name(), TableKind.PLAIN, definition, created, updated,
                    String.valueOf(row.version()), dataset);
        }
        List<HiveColumn> columns = new ArrayList<>();
        if (row.schema() != null) {
            try {
                JsonNode aspect = JSON.readTree(row.schema());
                Schema schema = SchemaParser.fromJson(aspect.path("schema").asText());
                for (Types.NestedField field : schema.columns()) {
                    columns.add(HiveColumn.of(field.name(), IcebergHiveTypes.hiveType(field.type()), field.doc()));
                }
            } catch (Exception unreadable) {
                // A schema aspect that cannot be read leaves the columns empty; the metadata file is the truth.
            }
        }
        Map<String, String> parameters = new TreeMap<>();
        parameters.put(TableDefinition.TABLE_TYPE, TableDefinition.ICEBERG);
        parameters.put(TableDefinition.METADATA_LOCATION, row.metadataLocation());
        if (row.previousMetadataLocation() != null) {
            parameters.put(TableDefinition.PREVIOUS_METADATA_LOCATION, row.previousMetadataLocation());
        }
        parameters.put("EXTERNAL", "TRUE");
        StorageDescriptor storage = new StorageDescriptor(columns, row.location(), ICEBERG_INPUT_FORMAT, ICEBERG_OUTPUT_FORMAT,
                false, 0, new SerDeInfo(null, ICEBERG_SERDE, Map.of()), List.of(), List.of(), Map.of(), false);
        TableDefinition definition = new TableDefinition(TableType.EXTERNAL_TABLE, null, null, storage, List.of(), parameters,
                null, null, 0, 0);
        return new HiveTable(database, row.name(), TableKind.ICEBERG, definition, created, updated,
                icebergVersionId(row.metadataLocation()), dataset);
    }

    private TableVersion toVersion(HiveTable current, Record record) {
        TableDefinition definition = HiveJson.read(record.get("definition").asString(), TableDefinition.class);
        String versionId = String.valueOf(record.get("version").asLong());
        Instant at = Instant.ofEpochMilli(record.get("createdAt").asLong());
        return new TableVersion(versionId, new HiveTable(current.database(), current.name(), TableKind.PLAIN, definition,
                current.createTime(), at, versionId, current.dataset()));
    }

    private static HivePartition toPartition(HiveTable table, Record record) {
        return new HivePartition(table.database(), table.name(),
                HiveJson.read(record.get("definition").asString(), PartitionDefinition.class),
                Instant.ofEpochMilli(record.get("createdAt").asLong()), Instant.ofEpochMilli(record.get("updatedAt").asLong()));
    }

    private static HiveDatabase toDatabase(String name, Map<String, String> properties) {
        Map<String, String> parameters = new TreeMap<>(properties);
        String description = parameters.remove(HiveDatabase.COMMENT);
        String location = parameters.remove(HiveDatabase.LOCATION);
        return new HiveDatabase(name, description, location, parameters);
    }

    private static Map<String, String> properties(HiveDatabase database) {
        Map<String, String> properties = new HashMap<>(database.parameters());
        if (database.description() != null) {
            properties.put(HiveDatabase.COMMENT, database.description());
        }
        if (database.locationUri() != null && !database.locationUri().isBlank()) {
            properties.put(HiveDatabase.LOCATION, database.locationUri());
        }
        return properties;
    }

    private static void validate(TableDefinition definition) {
        Set<String> names = new HashSet<>();
        for (HiveColumn column : definition.storage().columns()) {
            checkColumn(column, names, "column");
        }
        for (HiveColumn key : definition.partitionKeys()) {
            checkColumn(key, names, "partition key");
        }
    }

    private static void checkColumn(HiveColumn column, Set<String> names, String what) {
        if (column.name().isBlank()) {
            throw new InvalidObjectException("a " + what + " has no name");
        }
        if (column.type().isBlank()) {
            throw new InvalidObjectException(what + " '" + column.name() + "' has no type");
        }
        if (!names.add(column.name().toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidObjectException("column or partition key '" + column.name() + "' is declared twice");
        }
    }

    private static boolean sameKeys(List<HiveColumn> before, List<HiveColumn> after) {
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).name().equalsIgnoreCase(after.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** The Iceberg table's version id: derived from its metadata location, so every commit changes it. */
    static String icebergVersionId(String metadataLocation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(metadataLocation.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseVersion(String versionId) {
        try {
            return Long.parseLong(versionId);
        } catch (NumberFormatException e) {
            throw new InvalidObjectException("'" + versionId + "' is not a table version id");
        }
    }

    private static int pageSize(int requested) {
        return requested <= 0 ? 100 : Math.min(requested, MAX_PAGE);
    }

    static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        if (token == null || token.isEmpty()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("the next token '" + token + "' is not one this server handed out");
        }
    }

    private static Map<String, String> readMap(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static String stripSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }

    private static NoSuchObjectException noSuchTable(String database, String name) {
        return new NoSuchObjectException("table " + database + "." + name + " does not exist");
    }

    /** Runs catalog work, turning the Iceberg catalog's exceptions into this package's. */
    private static <T> T translate(Supplier<T> work) {
        try {
            return work.get();
        } catch (AlreadyExistsException e) {
            throw new ObjectAlreadyExistsException(e.getMessage());
        } catch (NoSuchNamespaceException | NoSuchTableException | NotFoundException e) {
            throw new NoSuchObjectException(e.getMessage());
        } catch (NamespaceNotEmptyException e) {
            throw new ObjectNotEmptyException(e.getMessage());
        } catch (CommitFailedException e) {
            throw new ConcurrentUpdateException(e.getMessage(), e);
        } catch (ValidationException | IllegalArgumentException e) {
            throw new InvalidObjectException(e.getMessage(), e);
        }
    }
}
