package io.cairn.catalog.hms;

import io.cairn.catalog.Warehouse;
import io.cairn.catalog.hive.HiveMetastore;
import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hive.HiveNames;
import io.cairn.catalog.hive.HiveTable;
import io.cairn.catalog.hive.Page;
import io.cairn.catalog.hive.TableDefinition;
import io.cairn.catalog.hive.TableKind;
import io.cairn.catalog.hive.TableType;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
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
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.thrift.TException;

/**
 * Metastore tables over Cairn's Hive-style tables ({@link HiveMetastore}), the same ones the Glue API serves.
 * A plain table is stored field by field; creating a managed one makes its directory, dropping it with
 * {@code deleteData} removes its data, and renaming it moves a directory at its default location. An Iceberg table is
 * an {@code EXTERNAL_TABLE} with {@code table_type=ICEBERG} and {@code metadata_location}; an {@code alter_table}
 * that moves {@code metadata_location} is a commit, and goes through the same compare-and-swap of the catalog entry
 * as an Iceberg REST commit, so writers on either protocol never lose each other's updates.
 */
final class HmsTables {

    static final String METADATA_LOCATION = TableDefinition.METADATA_LOCATION;
    static final String PREVIOUS_METADATA_LOCATION = TableDefinition.PREVIOUS_METADATA_LOCATION;

    /** A table's name and type, for listings that filter by type. */
    record TableSummary(String name, String type, String comment) {
    }

    private final HmsCatalogs catalogs;
    private final HiveMetastores metastores;
    private final HmsDirectories directories;

    HmsTables(HmsCatalogs catalogs, HiveMetastores metastores, HmsDirectories directories) {
        this.catalogs = catalogs;
        this.metastores = metastores;
        this.directories = directories;
    }

    HiveMetastore metastore(Actor actor, String catalogName) throws NoSuchObjectException {
        return metastores.open(catalogs.warehouse(catalogName), actor);
    }

    /** The table, or {@link NoSuchObjectException} as a metastore answers for a missing database or table. */
    Table get(Actor actor, String catalogName, String database, String name) throws TException {
        Warehouse warehouse = catalogs.warehouse(catalogName);
        HiveTable table = find(metastores.open(warehouse, actor), database, name)
                .orElseThrow(() -> new NoSuchObjectException(database + "." + HmsNames.lower(name) + " table not found"));
        if (table.kind() == TableKind.PLAIN) {
            return HmsShapes.table(table, catalogs.catalogName(warehouse));
        }
        BaseTable loaded = load(actor, warehouse, table.database(), table.name());
        return toHive(warehouse, table, loaded.operations().current());
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
        Pattern pattern = HmsNames.pattern(hivePattern);
        if (database == null) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(metastore(actor, catalogName).tableNames(database, name -> pattern.matcher(name).matches()));
        } catch (io.cairn.catalog.hive.NoSuchObjectException e) {
            // A metastore lists no tables for an unknown database.
            return new ArrayList<>();
        }
    }

    /** Name, type and comment of the tables whose names match, in name order; bounded like every listing. */
    List<TableSummary> summaries(Actor actor, String catalogName, String database, String hivePattern) throws TException {
        Pattern pattern = HmsNames.pattern(hivePattern);
        List<TableSummary> summaries = new ArrayList<>();
        if (database == null) {
            return summaries;
        }
        HiveMetastore hive = metastore(actor, catalogName);
        String token = null;
        try {
            do {
                Page<HiveTable> page = hive.tables(database, name -> pattern.matcher(name).matches(), token, HiveMetastore.MAX_PAGE);
                for (HiveTable table : page.items()) {
                    summaries.add(new TableSummary(table.name(), table.definition().tableType().name(), table.definition().description()));
                }
                token = page.nextToken();
            } while (token != null && summaries.size() < HiveMetastore.MAX_PARTITIONS_SCANNED);
        } catch (io.cairn.catalog.hive.NoSuchObjectException e) {
            // No such database: no tables.
        }
        return summaries;
    }

    void create(Actor actor, Table table) throws TException {
        actor.require(Role.WRITER);
        String database = HmsNames.requireValid("database", table.getDbName());
        String name = HmsNames.requireValid("table", table.getTableName());
        HiveMetastore hive = metastore(actor, table.getCatName());
        TableDefinition definition = HmsShapes.definition(table);
        if (!definition.isIceberg() && !table.isSetSd()) {
            throw new org.apache.hadoop.hive.metastore.api.InvalidObjectException("Table " + database + "." + name
                    + " has no storage descriptor");
        }
        if (definition.isIceberg() && definition.metadataLocation() == null) {
            throw new MetaException("An Iceberg table needs the parameter metadata_location: " + database + "." + name);
        }
        HiveTable created = hive.createTable(database, name, definition);
        if (created.kind() == TableKind.PLAIN && created.definition().tableType() != TableType.VIRTUAL_VIEW) {
            directories.create(created.location());
        }
    }

    /**
     * Applies an {@code alter_table}. For an Iceberg table: a rename when the name changes, a commit when
     * {@code metadata_location} changes; the commit's expected location is the environment context's
     * {@code expected_parameter_value} (the lock-free Iceberg mode), else the new table's
     * {@code previous_metadata_location}. For a plain table: the new definition replaces the old one if the table is
     * still at the version read here (and the expected parameter, if any, still has its value), then the rename.
     */
    void alter(Actor actor, String catalogName, String database, String name, Table changed, String expectedKey,
               String expectedValue) throws TException {
        actor.require(Role.WRITER);
        Warehouse warehouse = catalogs.warehouse(catalogName);
        HiveMetastore hive = metastores.open(warehouse, actor);
        HiveTable current = find(hive, database, name)
                .orElseThrow(() -> new InvalidOperationException("Table " + database + "." + HmsNames.lower(name) + " does not exist"));
        if (expectedKey != null && !expectedKey.isEmpty()) {
            String actual = current.definition().parameters().get(expectedKey);
            if (!Objects.equals(actual, expectedValue)) {
                throw HmsErrors.concurrentModification(expectedKey, actual, expectedValue);
            }
        }
        String newDatabase = changed.isSetDbName() ? HmsNames.requireValid("database", changed.getDbName()) : current.database();
        String newName = changed.isSetTableName() ? HmsNames.requireValid("table", changed.getTableName()) : current.name();
        boolean renames = !newDatabase.equals(current.database()) || !newName.equals(current.name());
        if (current.kind() == TableKind.ICEBERG) {
            alterIceberg(actor, warehouse, current, changed, expectedKey, expectedValue, newDatabase, newName);
            return;
        }
        if (!changed.isSetSd()) {
            throw new InvalidOperationException("The new definition of " + current.database() + "." + current.name()
                    + " has no storage descriptor");
        }
        TableDefinition definition = HmsShapes.definition(changed, current.definition().tableType());
        String oldLocation = current.location();
        String movedTo = null;
        if (renames && definition.tableType() == TableType.MANAGED_TABLE && oldLocation != null
                && Objects.equals(definition.storage().location(), oldLocation)
                && oldLocation.equals(hive.defaultTableLocation(current.database(), current.name()))) {
            // A managed table at its default location moves with its name, as in a real metastore.
            movedTo = hive.defaultTableLocation(newDatabase, newName);
            definition = definition.withStorage(definition.storage().withLocation(movedTo));
        }
        hive.updateTable(current.database(), current.name(), definition, current.versionId());
        if (renames) {
            try {
                hive.renameTable(current.database(), current.name(), newDatabase, newName);
            } catch (io.cairn.catalog.hive.NoSuchObjectException | io.cairn.catalog.hive.ObjectAlreadyExistsException e) {
                throw new InvalidOperationException("Cannot rename " + current.database() + "." + current.name() + " to "
                        + newDatabase + "." + newName + ": " + e.getMessage());
            }
            if (movedTo != null) {
                directories.move(oldLocation, movedTo);
                hive.relocatePartitions(newDatabase, newName, oldLocation, movedTo);
            }
        }
    }

    /** Drops a table; a managed plain table's data goes too when {@code deleteData}, as in a real metastore. */
    void drop(Actor actor, String catalogName, String database, String name, boolean deleteData) throws TException {
        actor.require(Role.WRITER);
        HiveMetastore hive = metastore(actor, catalogName);
        HiveTable current = find(hive, database, name)
                .orElseThrow(() -> new NoSuchObjectException(database + "." + HmsNames.lower(name) + " table not found"));
        // External tables (Iceberg ones among them) keep their files: Iceberg's HiveCatalog deletes them itself when it purges.
        hive.dropTable(current.database(), current.name());
        TableDefinition definition = current.definition();
        boolean purges = definition.tableType() == TableType.MANAGED_TABLE
                || "TRUE".equalsIgnoreCase(definition.parameters().get("external.table.purge"));
        if (deleteData && current.kind() == TableKind.PLAIN && purges) {
            directories.deleteRecursively(current.location());
        }
    }

    /** The table, empty when it or its database does not exist. */
    static Optional<HiveTable> find(HiveMetastore hive, String database, String name) {
        if (database == null || name == null || database.isEmpty()) {
            return Optional.empty();
        }
        try {
            return hive.findTable(database, HiveNames.lookup(name));
        } catch (io.cairn.catalog.hive.NoSuchObjectException noDatabase) {
            return Optional.empty();
        }
    }

    private void alterIceberg(Actor actor, Warehouse warehouse, HiveTable current, Table changed, String expectedKey,
                              String expectedValue, String newDatabase, String newName) throws TException {
        String database = current.database();
        String table = current.name();
        Map<String, String> parameters = changed.getParameters() == null ? Map.of() : changed.getParameters();
        String newLocation = parameters.get(METADATA_LOCATION);
        boolean commits = newLocation != null && !newLocation.equals(current.metadataLocation());
        // Read before a rename: a commit may only point the table at metadata of the same Iceberg table.
        String uuid = commits ? load(actor, warehouse, database, table).operations().current().uuid() : null;
        if (!newDatabase.equals(database) || !newName.equals(table)) {
            try {
                catalogs.catalog(warehouse, actor).renameTable(TableIdentifier.of(database, table), TableIdentifier.of(newDatabase, newName));
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
                : parameters.getOrDefault(PREVIOUS_METADATA_LOCATION, current.metadataLocation());
        commit(actor, warehouse, newDatabase, newName, expected, newLocation, uuid);
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
            String actual = find(metastores.open(warehouse, actor), database, name).map(HiveTable::metadataLocation).orElse(null);
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

    private Table toHive(Warehouse warehouse, HiveTable table, TableMetadata metadata) {
        Map<String, String> parameters = new HashMap<>(metadata.properties());
        parameters.putAll(table.definition().parameters());
        parameters.put("uuid", metadata.uuid());
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(new ArrayList<>(HiveTypes.columns(metadata.schema())));
        sd.setLocation(metadata.location());
        sd.setInputFormat(table.definition().storage().inputFormat());
        sd.setOutputFormat(table.definition().storage().outputFormat());
        sd.setSerdeInfo(new SerDeInfo(null, table.definition().storage().serDe().serializationLibrary(), new HashMap<>()));
        sd.setCompressed(false);
        sd.setNumBuckets(0);
        sd.setBucketCols(new ArrayList<>());
        sd.setSortCols(new ArrayList<>());
        sd.setParameters(new HashMap<>());
        sd.setSkewedInfo(new SkewedInfo(new ArrayList<>(), new ArrayList<>(), new HashMap<>()));
        sd.setStoredAsSubDirectories(false);
        int createTime = (int) table.createTime().getEpochSecond();
        Table hive = new Table(table.name(), table.database(), metadata.properties().getOrDefault("owner", "cairn"), createTime,
                createTime, 0, sd, new ArrayList<>(), parameters, null, null, TableType.EXTERNAL_TABLE.name());
        hive.setCatName(catalogs.catalogName(warehouse));
        hive.setTemporary(false);
        hive.setRewriteEnabled(false);
        return hive;
    }
}
