package io.cairn.catalog.hms;

import io.cairn.catalog.Warehouse;
import io.cairn.catalog.hive.HiveColumn;
import io.cairn.catalog.hive.HiveMetastore;
import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hive.HivePartition;
import io.cairn.catalog.hive.HiveTable;
import io.cairn.catalog.hive.Page;
import io.cairn.catalog.hive.PartitionDefinition;
import io.cairn.catalog.hive.PartitionFilter;
import io.cairn.catalog.hive.PartitionNames;
import io.cairn.catalog.hive.TableKind;
import io.cairn.catalog.hive.TableType;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.thrift.TException;

/**
 * Partitions of plain tables through the metastore, over {@link HiveMetastore}'s partitions (which the Glue API
 * shares). Listings that ask for everything ({@code max_parts = -1}) are capped at {@value #MAX_PARTITIONS_PER_LISTING}:
 * beyond that the call fails with a {@code MetaException} that says to filter, as a metastore with
 * {@code hive.metastore.limit.partition.request} does, instead of building an answer of unbounded size.
 * Partition directories are made on add and removed on drop with {@code deleteData} for managed tables.
 */
final class HmsPartitions {

    static final int MAX_PARTITIONS_PER_LISTING = 50_000;

    /** One table of one call: the metastore it was found through and the table itself. */
    record TableRef(HiveMetastore hive, HiveTable table, String catalogName) {
        String database() {
            return table.database();
        }

        String name() {
            return table.name();
        }

        List<HiveColumn> keys() {
            return table.definition().partitionKeys();
        }
    }

    private final HmsCatalogs catalogs;
    private final HiveMetastores metastores;
    private final HmsDirectories directories;

    HmsPartitions(HmsCatalogs catalogs, HiveMetastores metastores, HmsDirectories directories) {
        this.catalogs = catalogs;
        this.metastores = metastores;
        this.directories = directories;
    }

    /** The plain table a partition call names; {@link NoSuchObjectException} when it or its database is missing. */
    TableRef table(Actor actor, String catalogName, String database, String name) throws TException {
        Warehouse warehouse = catalogs.warehouse(catalogName);
        HiveMetastore hive = metastores.open(warehouse, actor);
        HiveTable table = HmsTables.find(hive, database, name)
                .orElseThrow(() -> new NoSuchObjectException(database + "." + HmsNames.lower(name) + " table not found"));
        if (table.kind() != TableKind.PLAIN) {
            throw new MetaException("Table " + table.database() + "." + table.name()
                    + " is an Iceberg table; its partitions are managed by Iceberg (hidden partitioning)");
        }
        return new TableRef(hive, table, catalogs.catalogName(warehouse));
    }

    // ---- add

    /**
     * Adds partitions of one table. With {@code ifNotExists}, existing ones are skipped; else one that exists fails
     * the whole call and nothing is added. Returns the partitions added.
     */
    List<Partition> add(Actor actor, String catalogName, List<Partition> partitions, boolean ifNotExists) throws TException {
        actor.require(Role.WRITER);
        if (partitions == null || partitions.isEmpty()) {
            return new ArrayList<>();
        }
        Partition first = partitions.get(0);
        for (Partition partition : partitions) {
            if (!HmsNames.lower(first.getDbName()).equals(HmsNames.lower(partition.getDbName()))
                    || !HmsNames.lower(first.getTableName()).equals(HmsNames.lower(partition.getTableName()))) {
                throw new MetaException("All partitions of one call must belong to one table, not " + first.getDbName() + "."
                        + first.getTableName() + " and " + partition.getDbName() + "." + partition.getTableName());
            }
        }
        String catalog = catalogName != null ? catalogName : first.getCatName();
        TableRef ref = table(actor, catalog, HmsNames.parseDatabase(first.getDbName()).database(), first.getTableName());
        List<PartitionDefinition> definitions = new ArrayList<>(partitions.size());
        for (Partition partition : partitions) {
            definitions.add(HmsShapes.definition(partition));
        }
        List<List<String>> existing;
        try {
            existing = ref.hive().addPartitions(ref.database(), ref.name(), definitions, ifNotExists);
        } catch (io.cairn.catalog.hive.ObjectAlreadyExistsException e) {
            throw new AlreadyExistsException(e.getMessage());
        }
        List<List<String>> added = definitions.stream().map(PartitionDefinition::values).filter(values -> !existing.contains(values)).toList();
        List<Partition> result = new ArrayList<>();
        for (HivePartition partition : ref.hive().partitions(ref.database(), ref.name(), added)) {
            if (ref.table().definition().tableType() != TableType.VIRTUAL_VIEW) {
                directories.create(partition.definition().storage().location());
            }
            result.add(HmsShapes.partition(partition, ref.catalogName()));
        }
        return result;
    }

    /** {@code append_partition}: a new partition with the table's storage, at its default location. */
    Partition append(Actor actor, String catalogName, String database, String name, List<String> values) throws TException {
        actor.require(Role.WRITER);
        TableRef ref = table(actor, catalogName, database, name);
        if (values == null) {
            throw new InvalidObjectException("append_partition needs the partition values");
        }
        Partition partition = new Partition();
        partition.setDbName(ref.database());
        partition.setTableName(ref.name());
        partition.setValues(new ArrayList<>(values));
        partition.setSd(HmsShapes.storageDescriptor(ref.table().definition().storage().withLocation(null)));
        partition.setParameters(new java.util.HashMap<>());
        List<Partition> added = add(actor, ref.catalogName(), List.of(partition), false);
        if (added.isEmpty()) {
            throw new AlreadyExistsException("Partition " + values + " of " + ref.database() + "." + ref.name() + " already exists");
        }
        return added.get(0);
    }

    Partition appendByName(Actor actor, String catalogName, String database, String name, String partitionName) throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        return append(actor, catalogName, database, name, values(ref, partitionName));
    }

    // ---- read

    Partition get(Actor actor, String catalogName, String database, String name, List<String> values) throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        if (values == null) {
            throw new NoSuchObjectException("No partition values given");
        }
        List<HivePartition> found = ref.hive().partitions(ref.database(), ref.name(), List.of(values));
        if (found.isEmpty()) {
            throw new NoSuchObjectException("partition values=" + values + " of " + ref.database() + "." + ref.name() + " not found");
        }
        return HmsShapes.partition(found.get(0), ref.catalogName());
    }

    Partition getByName(Actor actor, String catalogName, String database, String name, String partitionName) throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        return get(actor, catalogName, database, name, valuesOrMissing(ref, partitionName));
    }

    List<Partition> byNames(Actor actor, String catalogName, String database, String name, List<String> names) throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        if (names == null || names.isEmpty()) {
            return new ArrayList<>();
        }
        if (names.size() > HiveMetastore.MAX_PARTITIONS_PER_CALL) {
            throw new MetaException("At most " + HiveMetastore.MAX_PARTITIONS_PER_CALL + " partition names per call, not " + names.size());
        }
        List<List<String>> valuesList = new ArrayList<>();
        for (String partitionName : names) {
            try {
                valuesList.add(PartitionNames.values(ref.keys(), partitionName));
            } catch (io.cairn.catalog.hive.InvalidObjectException notOfThisTable) {
                // A name that cannot be a partition of this table finds nothing, as in a metastore.
            }
        }
        List<Partition> partitions = new ArrayList<>();
        for (HivePartition partition : ref.hive().partitions(ref.database(), ref.name(), valuesList)) {
            partitions.add(HmsShapes.partition(partition, ref.catalogName()));
        }
        return partitions;
    }

    /** Partitions in name order, at most {@code max} ({@code < 0}: all, up to the cap). */
    List<Partition> list(Actor actor, String catalogName, String database, String name, int max) throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        return collect(ref, max, (token, limit) -> ref.hive().partitions(ref.database(), ref.name(), (PartitionFilter) null, token, limit));
    }

    List<Partition> byFilter(Actor actor, String catalogName, String database, String name, String filter, int max)
            throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        PartitionFilter parsed;
        try {
            parsed = PartitionFilter.parse(filter);
            parsed.bind(ref.keys());
        } catch (io.cairn.catalog.hive.InvalidObjectException e) {
            throw new MetaException("Error parsing partition filter: " + e.getMessage());
        }
        return collect(ref, max, (token, limit) -> ref.hive().partitions(ref.database(), ref.name(), parsed, token, limit));
    }

    /** {@code get_partitions_ps}: partitions matching a partial specification ("" matches any value). */
    List<Partition> matching(Actor actor, String catalogName, String database, String name, List<String> spec, int max)
            throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        List<String> partial = spec == null ? List.of() : spec;
        if (partial.size() > ref.keys().size()) {
            throw new MetaException("Incorrect number of partition values: " + partial + " for " + ref.keys().size() + " partition keys");
        }
        return collect(ref, max, (token, limit) -> ref.hive().partitionsMatching(ref.database(), ref.name(), partial, token, limit));
    }

    List<String> names(List<Partition> partitions, TableRef ref) {
        List<String> names = new ArrayList<>(partitions.size());
        partitions.forEach(partition -> names.add(PartitionNames.name(ref.keys(), partition.getValues())));
        return names;
    }

    List<String> names(Actor actor, String catalogName, String database, String name, int max) throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        return names(list(actor, catalogName, database, name, max), ref);
    }

    List<String> namesMatching(Actor actor, String catalogName, String database, String name, List<String> spec, int max)
            throws TException {
        TableRef ref = table(actor, catalogName, database, name);
        return names(matching(actor, catalogName, database, name, spec, max), ref);
    }

    /** Pages through a listing until {@code max} partitions (or all, up to the cap) are collected. */
    private static List<Partition> collect(TableRef ref, int max, BiFunction<String, Integer, Page<HivePartition>> pages)
            throws MetaException {
        boolean all = max < 0;
        int wanted = all ? MAX_PARTITIONS_PER_LISTING : Math.min(max, MAX_PARTITIONS_PER_LISTING);
        List<Partition> partitions = new ArrayList<>();
        String token = null;
        while (partitions.size() < wanted) {
            Page<HivePartition> page = pages.apply(token, Math.min(HiveMetastore.MAX_PAGE, wanted - partitions.size()));
            page.items().forEach(partition -> partitions.add(HmsShapes.partition(partition, ref.catalogName())));
            token = page.nextToken();
            if (token == null) {
                return partitions;
            }
        }
        if (all && token != null) {
            throw new MetaException("Table " + ref.database() + "." + ref.name() + " has more than " + MAX_PARTITIONS_PER_LISTING
                    + " partitions matching the request; ask with a filter or a limit");
        }
        return partitions;
    }

    // ---- change

    void alter(Actor actor, String catalogName, String database, String name, List<Partition> partitions) throws TException {
        actor.require(Role.WRITER);
        TableRef ref = table(actor, catalogName, database, name);
        if (partitions.size() > HiveMetastore.MAX_PARTITIONS_PER_CALL) {
            throw new MetaException("At most " + HiveMetastore.MAX_PARTITIONS_PER_CALL + " partitions per call");
        }
        for (Partition partition : partitions) {
            PartitionDefinition definition = HmsShapes.definition(partition);
            ref.hive().updatePartition(ref.database(), ref.name(), definition.values(), definition);
        }
    }

    /** {@code rename_partition}: the partition at {@code oldValues} takes the new partition's values and storage. */
    void rename(Actor actor, String catalogName, String database, String name, List<String> oldValues, Partition partition)
            throws TException {
        actor.require(Role.WRITER);
        TableRef ref = table(actor, catalogName, database, name);
        PartitionDefinition definition = HmsShapes.definition(partition);
        if (oldValues == null || oldValues.isEmpty()) {
            ref.hive().updatePartition(ref.database(), ref.name(), definition.values(), definition);
            return;
        }
        try {
            ref.hive().updatePartition(ref.database(), ref.name(), oldValues, definition);
        } catch (io.cairn.catalog.hive.ObjectAlreadyExistsException e) {
            throw new org.apache.hadoop.hive.metastore.api.InvalidOperationException(e.getMessage());
        }
    }

    /**
     * Drops partitions by values; with {@code deleteData}, a managed table's partition directories go too. Returns the
     * partitions dropped; with {@code mustExist}, a missing one fails the call before anything is dropped.
     */
    List<Partition> drop(Actor actor, String catalogName, String database, String name, List<List<String>> valuesList,
                         boolean deleteData, boolean mustExist) throws TException {
        actor.require(Role.WRITER);
        TableRef ref = table(actor, catalogName, database, name);
        if (valuesList.size() > HiveMetastore.MAX_PARTITIONS_PER_CALL) {
            throw new MetaException("At most " + HiveMetastore.MAX_PARTITIONS_PER_CALL + " partitions can be dropped per call");
        }
        Map<String, HivePartition> existing = new LinkedHashMap<>();
        for (HivePartition partition : ref.hive().partitions(ref.database(), ref.name(), valuesList)) {
            existing.put(PartitionNames.name(ref.keys(), partition.values()), partition);
        }
        if (mustExist && existing.size() < valuesList.size()) {
            for (List<String> values : valuesList) {
                String key = PartitionNames.name(ref.keys(), values);
                if (!existing.containsKey(key)) {
                    throw new NoSuchObjectException("partition " + key + " of " + ref.database() + "." + ref.name() + " not found");
                }
            }
        }
        List<List<String>> present = existing.values().stream().map(HivePartition::values).toList();
        List<List<String>> missing = ref.hive().deletePartitions(ref.database(), ref.name(), present);
        List<Partition> dropped = new ArrayList<>();
        for (HivePartition partition : existing.values()) {
            if (missing.contains(partition.values())) {
                continue;
            }
            if (deleteData && ref.table().definition().tableType() == TableType.MANAGED_TABLE) {
                directories.deleteRecursively(partition.definition().storage().location());
            }
            dropped.add(HmsShapes.partition(partition, ref.catalogName()));
        }
        return dropped;
    }

    /** The values a partition name denotes for this table. */
    List<String> values(TableRef ref, String partitionName) throws MetaException {
        try {
            return PartitionNames.values(ref.keys(), partitionName);
        } catch (io.cairn.catalog.hive.InvalidObjectException e) {
            throw new MetaException("Invalid partition name '" + partitionName + "': " + e.getMessage());
        }
    }

    private List<String> valuesOrMissing(TableRef ref, String partitionName) throws NoSuchObjectException {
        try {
            return PartitionNames.values(ref.keys(), partitionName);
        } catch (io.cairn.catalog.hive.InvalidObjectException e) {
            throw new NoSuchObjectException("partition " + partitionName + " of " + ref.database() + "." + ref.name() + " not found");
        }
    }
}
