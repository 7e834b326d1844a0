package io.cairn.catalog.hms;

import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.EntryKind;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SkewedInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.thrift.TException;

/**
 * Metastore tables over Cairn's catalog entries. An Iceberg table is an {@code EXTERNAL_TABLE} with
 * {@code table_type=ICEBERG} and {@code metadata_location}; an {@code alter_table} that moves
 * {@code metadata_location} is a commit, and goes through the same compare-and-swap of the catalog entry as an
 * Iceberg REST commit, so writers on either protocol never lose each other's updates.
 */
final class HmsTables {

    static final String TABLE_TYPE = "table_type";
    static final String ICEBERG = "ICEBERG";
    static final String METADATA_LOCATION = "metadata_location";
    static final String PREVIOUS_METADATA_LOCATION = "previous_metadata_location";

    private final HmsCatalogs catalogs;

    HmsTables(HmsCatalogs catalogs) {
        this.catalogs = catalogs;
    }

    /** The table, or {@link NoSuchObjectException} as a metastore answers for a missing database or table. */
    Table get(Actor actor, String catalogName, String database, String name) throws TException {
        Warehouse warehouse = catalogs.warehouse(catalogName);
        if (database == null || name == null) {
            throw new NoSuchObjectException("No database or table name given");
        }
        String table = HmsNames.lower(name);
        StoredEntry stored = stored(warehouse, database, table)
                .orElseThrow(() -> new NoSuchObjectException(database + "." + table + " table not found"));
        BaseTable loaded = load(actor, warehouse, database, table);
        return toHive(warehouse, database, table, loaded.operations().current(), stored);
    }

    /** The tables among {@code names} that exist; missing ones are left out, as a metastore does. */
    List<Table> getAll(Actor actor, String catalogName, String database, List<String> names) throws TException {
        List<Table> tables = new ArrayList<>();
        if (names == null) {
            return tables;
        }
        if (names.size() > 10_000) {
            throw new InvalidOperationException("At most 10000 table names per call");
        }
        for (String name : names) {
            try {
                tables.add(get(actor, catalogName, database, name));
            } catch (NoSuchObjectException | NoSuchTableException missing) {
                // Left out.
            }
        }
        return tables;
    }

    List<String> names(Actor actor, String catalogName, String database, String hivePattern) throws TException {
        Warehouse warehouse = catalogs.warehouse(catalogName);
        Pattern pattern = HmsNames.pattern(hivePattern);
        List<String> names = new ArrayList<>();
        if (database == null) {
            return names;
        }
        try {
            for (TableIdentifier identifier : catalogs.catalog(warehouse, actor).listTables(Namespace.of(database))) {
                if (pattern.matcher(identifier.name()).matches()) {
                    names.add(identifier.name());
                }
            }
        } catch (NoSuchNamespaceException e) {
            // A metastore lists no tables for an unknown database.
        }
        return names;
    }

    void create(Actor actor, Table table) throws TException {
        actor.require(Role.WRITER);
        String database = HmsNames.requireValid("database", table.getDbName());
        String name = HmsNames.requireValid("table", table.getTableName());
        Warehouse warehouse = catalogs.warehouse(table.getCatName());
        Map<String, String> parameters = table.getParameters() == null ? Map.of() : table.getParameters();
        if (!ICEBERG.equalsIgnoreCase(parameters.get(TABLE_TYPE))) {
            throw new MetaException("Cairn's metastore stores Iceberg tables (table_type=ICEBERG with metadata_location); "
                    + "plain Hive tables are not served yet: " + database + "." + name);
        }
        String metadataLocation = parameters.get(METADATA_LOCATION);
        if (metadataLocation == null || metadataLocation.isBlank()) {
            throw new MetaException("An Iceberg table needs the parameter metadata_location: " + database + "." + name);
        }
        CairnCatalog catalog = catalogs.catalog(warehouse, actor);
        if (!catalog.namespaceExists(Namespace.of(database))) {
            throw new NoSuchObjectException("Database " + database + " not found");
        }
        try {
            catalog.registerTable(TableIdentifier.of(database, name), metadataLocation);
        } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
            throw new AlreadyExistsException("Table " + database + "." + name + " already exists");
        }
    }

    /**
     * Applies an {@code alter_table}: a rename when the name changes, a commit when {@code metadata_location}
     * changes. The commit's expected location is the environment context's {@code expected_parameter_value} (the
     * lock-free Iceberg mode), else the new table's {@code previous_metadata_location}.
     */
    void alter(Actor actor, String catalogName, String database, String name, Table changed, String expectedKey,
               String expectedValue) throws TException {
        actor.require(Role.WRITER);
        Warehouse warehouse = catalogs.warehouse(catalogName);
        String table = HmsNames.lower(name);
        StoredEntry stored = stored(warehouse, database, table)
                .orElseThrow(() -> new InvalidOperationException("Table " + database + "." + table + " does not exist"));
        if (expectedKey != null && !expectedKey.isEmpty()) {
            String actual = METADATA_LOCATION.equals(expectedKey) ? stored.metadataLocation()
                    : PREVIOUS_METADATA_LOCATION.equals(expectedKey) ? stored.previousMetadataLocation() : null;
            if (!Objects.equals(actual, expectedValue)) {
                throw HmsErrors.concurrentModification(expectedKey, actual, expectedValue);
            }
        }
        Map<String, String> parameters = changed.getParameters() == null ? Map.of() : changed.getParameters();
        String newLocation = parameters.get(METADATA_LOCATION);
        boolean commits = newLocation != null && !newLocation.equals(stored.metadataLocation());
        // Read before a rename: a commit may only point the table at metadata of the same Iceberg table.
        String uuid = commits ? load(actor, warehouse, database, table).operations().current().uuid() : null;
        String newDatabase = changed.isSetDbName() ? HmsNames.requireValid("database", changed.getDbName()) : database;
        String newName = changed.isSetTableName() ? HmsNames.requireValid("table", changed.getTableName()) : table;
        CairnCatalog catalog = catalogs.catalog(warehouse, actor);
        if (!newDatabase.equals(database) || !newName.equals(table)) {
            try {
                catalog.renameTable(TableIdentifier.of(database, table), TableIdentifier.of(newDatabase, newName));
            } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
                throw new InvalidOperationException("Cannot rename " + database + "." + table + ": " + e.getMessage());
            } catch (NoSuchNamespaceException e) {
                throw new InvalidOperationException("Cannot rename to " + newDatabase + "." + newName + ": database does not exist");
            }
        }
        if (!commits) {
            return;
        }
        String expected = METADATA_LOCATION.equals(expectedKey) ? expectedValue
                : parameters.getOrDefault(PREVIOUS_METADATA_LOCATION, stored.metadataLocation());
        commit(actor, warehouse, newDatabase, newName, expected, newLocation, uuid);
    }

    void drop(Actor actor, String catalogName, String database, String name) throws TException {
        actor.require(Role.WRITER);
        Warehouse warehouse = catalogs.warehouse(catalogName);
        String table = HmsNames.lower(name);
        // External (Iceberg) tables keep their files: Iceberg's HiveCatalog deletes them itself when it purges.
        if (database == null || !catalogs.catalog(warehouse, actor).dropTable(TableIdentifier.of(database, table), false)) {
            throw new NoSuchObjectException(database + "." + table + " table not found");
        }
    }

    private void commit(Actor actor, Warehouse warehouse, String database, String name, String expected, String newLocation,
                        String expectedUuid) throws TException {
        BaseTable current = load(actor, warehouse, database, name);
        FileIO io = current.io();
        TableMetadata metadata;
        try {
            metadata = TableMetadataParser.read(io, newLocation);
        } catch (RuntimeException e) {
            throw new MetaException("Cannot read the new metadata file " + newLocation + ": " + e.getMessage());
        }
        if (expectedUuid != null && !expectedUuid.equals(metadata.uuid())) {
            throw new InvalidOperationException("Metadata file " + newLocation + " belongs to another table (uuid "
                    + metadata.uuid() + ", not " + expectedUuid + ")");
        }
        try {
            // The same compare-and-swap (and dataset update) as an Iceberg REST commit, so mixed writers never lose one.
            catalogs.catalog(warehouse, actor).commitMetadataLocation(TableIdentifier.of(database, name), expected, newLocation);
        } catch (CommitFailedException e) {
            String actual = stored(warehouse, database, name).map(StoredEntry::metadataLocation).orElse(null);
            throw HmsErrors.concurrentModification(METADATA_LOCATION, actual, expected);
        }
    }

    private BaseTable load(Actor actor, Warehouse warehouse, String database, String name) throws NoSuchObjectException {
        try {
            return (BaseTable) catalogs.catalog(warehouse, actor).loadTable(TableIdentifier.of(database, name));
        } catch (NoSuchTableException | NoSuchNamespaceException e) {
            throw new NoSuchObjectException(database + "." + name + " table not found");
        }
    }

    /** What the catalog entry holds beyond {@link CatalogEntry}: the previous location and the creation time. */
    record StoredEntry(String metadataLocation, String previousMetadataLocation, long createdAtMillis) {
    }

    private Optional<StoredEntry> stored(Warehouse warehouse, String database, String name) {
        if (database == null || name == null) {
            return Optional.empty();
        }
        Map<String, Object> parameters = Map.of("warehouse", warehouse.name(), "namespace", CatalogGraph.key(List.of(database)),
                "name", name, "kind", EntryKind.TABLE.name());
        return catalogs.catalogs().graph().store().read(tx -> tx.run("""
                MATCH (e:CatalogEntry {warehouse: $warehouse, namespace: $namespace, name: $name, kind: $kind})
                RETURN e.metadataLocation AS location, e.previousMetadataLocation AS previous, e.createdAt AS createdAt
                """, parameters).list(record -> new StoredEntry(record.get("location").asString(),
                record.get("previous").isNull() ? null : record.get("previous").asString(),
                record.get("createdAt").asLong(0))).stream().findFirst());
    }

    private Table toHive(Warehouse warehouse, String database, String name, TableMetadata metadata, StoredEntry stored) {
        Map<String, String> parameters = new HashMap<>(metadata.properties());
        parameters.put("EXTERNAL", "TRUE");
        parameters.put(TABLE_TYPE, ICEBERG);
        parameters.put(METADATA_LOCATION, stored.metadataLocation());
        if (stored.previousMetadataLocation() != null) {
            parameters.put(PREVIOUS_METADATA_LOCATION, stored.previousMetadataLocation());
        }
        parameters.put("uuid", metadata.uuid());
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(new ArrayList<>(HiveTypes.columns(metadata.schema())));
        sd.setLocation(metadata.location());
        sd.setInputFormat("org.apache.hadoop.mapred.FileInputFormat");
        sd.setOutputFormat("org.apache.hadoop.mapred.FileOutputFormat");
        sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", new HashMap<>()));
        sd.setCompressed(false);
        sd.setNumBuckets(0);
        sd.setBucketCols(new ArrayList<>());
        sd.setSortCols(new ArrayList<>());
        sd.setParameters(new HashMap<>());
        sd.setSkewedInfo(new SkewedInfo(new ArrayList<>(), new ArrayList<>(), new HashMap<>()));
        sd.setStoredAsSubDirectories(false);
        int createTime = (int) (stored.createdAtMillis() / 1000);
        Table table = new Table(name, database, metadata.properties().getOrDefault("owner", "cairn"), createTime, createTime,
                0, sd, new ArrayList<>(), parameters, null, null, "EXTERNAL_TABLE");
        table.setCatName(catalogs.catalogName(warehouse));
        table.setTemporary(false);
        table.setRewriteEnabled(false);
        return table;
    }
}
