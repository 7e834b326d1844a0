package io.cairn.catalog.glue;

import io.cairn.catalog.Warehouse;
import io.cairn.catalog.glue.GlueShapes.ErrorDetail;
import io.cairn.catalog.hive.ConcurrentUpdateException;
import io.cairn.catalog.hive.HiveDatabase;
import io.cairn.catalog.hive.HiveMetastore;
import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hive.HivePartition;
import io.cairn.catalog.hive.HiveTable;
import io.cairn.catalog.hive.InvalidObjectException;
import io.cairn.catalog.hive.MetastoreException;
import io.cairn.catalog.hive.NoSuchObjectException;
import io.cairn.catalog.hive.ObjectAlreadyExistsException;
import io.cairn.catalog.hive.ObjectNotEmptyException;
import io.cairn.catalog.hive.Page;
import io.cairn.catalog.hive.PartitionDefinition;
import io.cairn.catalog.hive.PartitionFilter;
import io.cairn.catalog.hive.TableVersion;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Glue's operations over the protocol-neutral metastore: parses each request strictly into its Glue shape, acts
 * through {@link HiveMetastore}, and answers with Glue's response shape. {@code CatalogId} names a warehouse
 * (absent: the default one). Failures become {@link GlueException}s with Glue's error types.
 */
public final class GlueService {

    /** Glue's own limits on batch calls. */
    static final int MAX_BATCH_CREATE = 100;
    static final int MAX_BATCH_GET = 1000;
    static final int MAX_BATCH_DELETE = 25;
    static final int MAX_BATCH_UPDATE = 100;
    static final int MAX_SEARCH_SCANNED = 10_000;
    private static final int MAX_EXPRESSION = 2048;

    private record Call(HiveMetastore hive, String catalogId, Actor actor) {
    }

    private record Operation<T>(Class<T> type, BiFunction<Call, T, Object> handler, java.util.function.Function<T, String> catalogId) {
    }

    private final HiveMetastores metastores;
    private final GlueTags tags;
    private final GlueJson json = new GlueJson();
    private final Map<String, Operation<?>> operations = new LinkedHashMap<>();

    public GlueService(HiveMetastores metastores) {
        this.metastores = metastores;
        this.tags = new GlueTags(metastores.catalogs().graph().store());
        register("CreateDatabase", GlueRequests.CreateDatabase.class, this::createDatabase, GlueRequests.CreateDatabase::catalogId);
        register("GetDatabase", GlueRequests.GetDatabase.class, this::getDatabase, GlueRequests.GetDatabase::catalogId);
        register("GetDatabases", GlueRequests.GetDatabases.class, this::getDatabases, GlueRequests.GetDatabases::catalogId);
        register("UpdateDatabase", GlueRequests.UpdateDatabase.class, this::updateDatabase, GlueRequests.UpdateDatabase::catalogId);
        register("DeleteDatabase", GlueRequests.DeleteDatabase.class, this::deleteDatabase, GlueRequests.DeleteDatabase::catalogId);
        register("CreateTable", GlueRequests.CreateTable.class, this::createTable, GlueRequests.CreateTable::catalogId);
        register("GetTable", GlueRequests.GetTable.class, this::getTable, GlueRequests.GetTable::catalogId);
        register("GetTables", GlueRequests.GetTables.class, this::getTables, GlueRequests.GetTables::catalogId);
        register("UpdateTable", GlueRequests.UpdateTable.class, this::updateTable, GlueRequests.UpdateTable::catalogId);
        register("DeleteTable", GlueRequests.DeleteTable.class, this::deleteTable, GlueRequests.DeleteTable::catalogId);
        register("GetTableVersion", GlueRequests.GetTableVersion.class, this::getTableVersion, GlueRequests.GetTableVersion::catalogId);
        register("GetTableVersions", GlueRequests.GetTableVersions.class, this::getTableVersions, GlueRequests.GetTableVersions::catalogId);
        register("DeleteTableVersion", GlueRequests.DeleteTableVersion.class, this::deleteTableVersion,
                GlueRequests.DeleteTableVersion::catalogId);
        register("BatchDeleteTableVersion", GlueRequests.BatchDeleteTableVersion.class, this::batchDeleteTableVersion,
                GlueRequests.BatchDeleteTableVersion::catalogId);
        register("CreatePartition", GlueRequests.CreatePartition.class, this::createPartition, GlueRequests.CreatePartition::catalogId);
        register("BatchCreatePartition", GlueRequests.BatchCreatePartition.class, this::batchCreatePartition,
                GlueRequests.BatchCreatePartition::catalogId);
        register("GetPartition", GlueRequests.GetPartition.class, this::getPartition, GlueRequests.GetPartition::catalogId);
        register("BatchGetPartition", GlueRequests.BatchGetPartition.class, this::batchGetPartition,
                GlueRequests.BatchGetPartition::catalogId);
        register("UpdatePartition", GlueRequests.UpdatePartition.class, this::updatePartition, GlueRequests.UpdatePartition::catalogId);
        register("BatchUpdatePartition", GlueRequests.BatchUpdatePartition.class, this::batchUpdatePartition,
                GlueRequests.BatchUpdatePartition::catalogId);
        register("DeletePartition", GlueRequests.DeletePartition.class, this::deletePartition, GlueRequests.DeletePartition::catalogId);
        register("BatchDeletePartition", GlueRequests.BatchDeletePartition.class, this::batchDeletePartition,
                GlueRequests.BatchDeletePartition::catalogId);
        register("GetPartitions", GlueRequests.GetPartitions.class, this::getPartitions, GlueRequests.GetPartitions::catalogId);
        register("SearchTables", GlueRequests.SearchTables.class, this::searchTables, GlueRequests.SearchTables::catalogId);
        register("TagResource", GlueRequests.TagResource.class, this::tagResource, request -> null);
        register("UntagResource", GlueRequests.UntagResource.class, this::untagResource, request -> null);
        register("GetTags", GlueRequests.GetTags.class, this::getTags, request -> null);
    }

    private <T> void register(String name, Class<T> type, BiFunction<Call, T, Object> handler, java.util.function.Function<T, String> catalogId) {
        operations.put(name, new Operation<>(type, handler, catalogId));
    }

    /** The operations served, by name. */
    public java.util.Set<String> operations() {
        return java.util.Collections.unmodifiableSet(operations.keySet());
    }

    /**
     * Runs one operation for an authenticated actor; returns the response body (JSON). Throws {@link GlueException}
     * for every failure the caller should see.
     */
    public String handle(Actor actor, String operation, byte[] body) {
        Operation<?> found = operations.get(operation);
        if (found == null) {
            throw new GlueException("UnknownOperationException", 400, "Cairn's Glue API does not serve the operation '"
                    + operation + "'; it serves " + String.join(", ", operations.keySet()));
        }
        return json.write(run(found, actor, body));
    }

    private <T> Object run(Operation<T> operation, Actor actor, byte[] body) {
        T request = json.read(body, operation.type());
        String catalogId = operation.catalogId().apply(request);
        try {
            return operation.handler().apply(new Call(metastores.open(warehouse(catalogId), actor), catalogId, actor), request);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Maps the metastore's and the store's failures to Glue's error types. */
    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof GlueException) {
            return failure;
        }
        if (failure instanceof NoSuchObjectException) {
            return GlueException.notFound(failure.getMessage());
        }
        if (failure instanceof ObjectAlreadyExistsException) {
            return new GlueException("AlreadyExistsException", 400, failure.getMessage());
        }
        if (failure instanceof ConcurrentUpdateException) {
            return new GlueException("ConcurrentModificationException", 400, failure.getMessage());
        }
        if (failure instanceof InvalidObjectException || failure instanceof ObjectNotEmptyException) {
            return GlueException.invalidInput(failure.getMessage());
        }
        if (failure instanceof AccessDeniedException) {
            return new GlueException("AccessDeniedException", 400, failure.getMessage());
        }
        return failure;
    }

    private Warehouse warehouse(String catalogId) {
        if (catalogId == null || catalogId.isEmpty()) {
            return metastores.catalogs().warehouses().defaultWarehouse();
        }
        return metastores.catalogs().warehouses().find(catalogId).orElseThrow(() -> GlueException.notFound(
                "no catalog '" + catalogId + "': CatalogId names a Cairn warehouse, or is left out for the default one"));
    }

    // ---- databases

    private Object createDatabase(Call call, GlueRequests.CreateDatabase request) {
        HiveDatabase created = call.hive().createDatabase(GlueConversions.database(request.databaseInput()));
        if (request.tags() != null && !request.tags().isEmpty()) {
            tags.change(call.actor(), databaseArn(call, created.name()), namespaceUrn(call, created.name()), request.tags(), List.of());
        }
        return Map.of();
    }

    private Object getDatabase(Call call, GlueRequests.GetDatabase request) {
        String name = GlueConversions.requireText(request.name(), "Name");
        return Map.of("Database", GlueConversions.database(call.hive().database(name), call.catalogId()));
    }

    private Object getDatabases(Call call, GlueRequests.GetDatabases request) {
        Page<HiveDatabase> page = call.hive().databases(null, request.nextToken(), maxResults(request.maxResults(), 100));
        return response("DatabaseList", page.items().stream().map(db -> GlueConversions.database(db, call.catalogId())).toList(),
                page.nextToken());
    }

    private Object updateDatabase(Call call, GlueRequests.UpdateDatabase request) {
        String name = GlueConversions.requireText(request.name(), "Name");
        HiveDatabase input = GlueConversions.database(request.databaseInput());
        if (input.name() != null && !input.name().equalsIgnoreCase(name)) {
            throw GlueException.invalidInput("databases cannot be renamed: DatabaseInput.Name must be '" + name + "'");
        }
        call.hive().alterDatabase(name, input);
        return Map.of();
    }

    private Object deleteDatabase(Call call, GlueRequests.DeleteDatabase request) {
        // Glue's DeleteDatabase removes the database's tables with it.
        call.hive().dropDatabase(GlueConversions.requireText(request.name(), "Name"), true);
        return Map.of();
    }

    // ---- tables

    private Object createTable(Call call, GlueRequests.CreateTable request) {
        String database = GlueConversions.requireText(request.databaseName(), "DatabaseName");
        GlueShapes.TableInput input = GlueConversions.require(request.tableInput(), "TableInput");
        call.hive().createTable(database, GlueConversions.requireText(input.name(), "TableInput.Name"), GlueConversions.table(input));
        return Map.of();
    }

    private Object getTable(Call call, GlueRequests.GetTable request) {
        HiveTable table = call.hive().table(GlueConversions.requireText(request.databaseName(), "DatabaseName"),
                GlueConversions.requireText(request.name(), "Name"));
        return Map.of("Table", GlueConversions.table(table, call.catalogId()));
    }

    private Object getTables(Call call, GlueRequests.GetTables request) {
        String database = GlueConversions.requireText(request.databaseName(), "DatabaseName");
        Predicate<String> filter = namePattern(request.expression());
        Page<HiveTable> page = call.hive().tables(database, filter, request.nextToken(), maxResults(request.maxResults(), 100));
        return response("TableList", page.items().stream().map(table -> GlueConversions.table(table, call.catalogId())).toList(),
                page.nextToken());
    }

    private Object updateTable(Call call, GlueRequests.UpdateTable request) {
        String database = GlueConversions.requireText(request.databaseName(), "DatabaseName");
        GlueShapes.TableInput input = GlueConversions.require(request.tableInput(), "TableInput");
        String name = GlueConversions.requireText(input.name(), "TableInput.Name");
        if (request.name() != null && !request.name().equalsIgnoreCase(name)) {
            throw GlueException.invalidInput("UpdateTable cannot rename: Name and TableInput.Name differ");
        }
        call.hive().updateTable(database, name, GlueConversions.table(input), request.versionId());
        return Map.of();
    }

    private Object deleteTable(Call call, GlueRequests.DeleteTable request) {
        call.hive().dropTable(GlueConversions.requireText(request.databaseName(), "DatabaseName"),
                GlueConversions.requireText(request.name(), "Name"));
        return Map.of();
    }

    private Object getTableVersion(Call call, GlueRequests.GetTableVersion request) {
        TableVersion version = call.hive().tableVersion(GlueConversions.requireText(request.databaseName(), "DatabaseName"),
                GlueConversions.requireText(request.tableName(), "TableName"), request.versionId());
        return Map.of("TableVersion", new GlueShapes.TableVersion(GlueConversions.table(version.table(), call.catalogId()),
                version.versionId()));
    }

    private Object getTableVersions(Call call, GlueRequests.GetTableVersions request) {
        Page<TableVersion> page = call.hive().tableVersions(GlueConversions.requireText(request.databaseName(), "DatabaseName"),
                GlueConversions.requireText(request.tableName(), "TableName"), request.nextToken(), maxResults(request.maxResults(), 100));
        return response("TableVersions", page.items().stream().map(version -> new GlueShapes.TableVersion(
                GlueConversions.table(version.table(), call.catalogId()), version.versionId())).toList(), page.nextToken());
    }

    private Object deleteTableVersion(Call call, GlueRequests.DeleteTableVersion request) {
        call.hive().deleteTableVersion(GlueConversions.requireText(request.databaseName(), "DatabaseName"),
                GlueConversions.requireText(request.tableName(), "TableName"),
                GlueConversions.requireText(request.versionId(), "VersionId"));
        return Map.of();
    }

    private Object batchDeleteTableVersion(Call call, GlueRequests.BatchDeleteTableVersion request) {
        String database = GlueConversions.requireText(request.databaseName(), "DatabaseName");
        String table = GlueConversions.requireText(request.tableName(), "TableName");
        List<String> versions = GlueConversions.require(request.versionIds(), "VersionIds");
        if (versions.size() > 100) {
            throw GlueException.invalidInput("at most 100 VersionIds per call");
        }
        List<GlueShapes.TableVersionError> errors = new ArrayList<>();
        for (String version : versions) {
            try {
                call.hive().deleteTableVersion(database, table, version);
            } catch (MetastoreException e) {
                GlueException glue = (GlueException) translate(e);
                errors.add(new GlueShapes.TableVersionError(table, version, new ErrorDetail(glue.type(), glue.getMessage())));
            }
        }
        return Map.of("Errors", errors);
    }

    // ---- partitions

    private Object createPartition(Call call, GlueRequests.CreatePartition request) {
        call.hive().addPartitions(database(request.databaseName()), table(request.tableName()),
                List.of(GlueConversions.partition(request.partitionInput())), false);
        return Map.of();
    }

    private Object batchCreatePartition(Call call, GlueRequests.BatchCreatePartition request) {
        List<GlueShapes.PartitionInput> inputs = GlueConversions.require(request.partitionInputList(), "PartitionInputList");
        if (inputs.size() > MAX_BATCH_CREATE) {
            throw GlueException.invalidInput("at most " + MAX_BATCH_CREATE + " partitions per BatchCreatePartition, not " + inputs.size());
        }
        List<PartitionDefinition> partitions = inputs.stream().map(GlueConversions::partition).toList();
        List<List<String>> existing = call.hive().addPartitions(database(request.databaseName()), table(request.tableName()),
                partitions, true);
        List<GlueShapes.PartitionError> errors = existing.stream().map(values -> new GlueShapes.PartitionError(values,
                new ErrorDetail("AlreadyExistsException", "partition " + values + " already exists"))).toList();
        return Map.of("Errors", errors);
    }

    private Object getPartition(Call call, GlueRequests.GetPartition request) {
        HivePartition partition = call.hive().partition(database(request.databaseName()), table(request.tableName()),
                values(request.partitionValues(), "PartitionValues"));
        return Map.of("Partition", GlueConversions.partition(partition, call.catalogId()));
    }

    private Object batchGetPartition(Call call, GlueRequests.BatchGetPartition request) {
        List<GlueShapes.PartitionValueList> wanted = GlueConversions.require(request.partitionsToGet(), "PartitionsToGet");
        if (wanted.size() > MAX_BATCH_GET) {
            throw GlueException.invalidInput("at most " + MAX_BATCH_GET + " partitions per BatchGetPartition");
        }
        List<List<String>> valuesList = wanted.stream().map(entry -> values(entry == null ? null : entry.values(), "PartitionsToGet.Values")).toList();
        List<HivePartition> found = call.hive().partitions(database(request.databaseName()), table(request.tableName()), valuesList);
        return Map.of("Partitions", found.stream().map(partition -> GlueConversions.partition(partition, call.catalogId())).toList(),
                "UnprocessedKeys", List.of());
    }

    private Object updatePartition(Call call, GlueRequests.UpdatePartition request) {
        call.hive().updatePartition(database(request.databaseName()), table(request.tableName()),
                values(request.partitionValueList(), "PartitionValueList"), GlueConversions.partition(request.partitionInput()));
        return Map.of();
    }

    private Object batchUpdatePartition(Call call, GlueRequests.BatchUpdatePartition request) {
        List<GlueShapes.BatchUpdatePartitionRequestEntry> entries = GlueConversions.require(request.entries(), "Entries");
        if (entries.size() > MAX_BATCH_UPDATE) {
            throw GlueException.invalidInput("at most " + MAX_BATCH_UPDATE + " entries per BatchUpdatePartition");
        }
        String database = database(request.databaseName());
        String table = table(request.tableName());
        List<GlueShapes.BatchUpdatePartitionFailureEntry> errors = new ArrayList<>();
        for (GlueShapes.BatchUpdatePartitionRequestEntry entry : entries) {
            List<String> values = values(entry.partitionValueList(), "Entries.PartitionValueList");
            try {
                call.hive().updatePartition(database, table, values, GlueConversions.partition(entry.partitionInput()));
            } catch (MetastoreException | GlueException e) {
                GlueException glue = (GlueException) translate(e);
                errors.add(new GlueShapes.BatchUpdatePartitionFailureEntry(values, new ErrorDetail(glue.type(), glue.getMessage())));
            }
        }
        return Map.of("Errors", errors);
    }

    private Object deletePartition(Call call, GlueRequests.DeletePartition request) {
        List<String> values = values(request.partitionValues(), "PartitionValues");
        List<List<String>> missing = call.hive().deletePartitions(database(request.databaseName()), table(request.tableName()),
                List.of(values));
        if (!missing.isEmpty()) {
            throw GlueException.notFound("partition " + values + " does not exist");
        }
        return Map.of();
    }

    private Object batchDeletePartition(Call call, GlueRequests.BatchDeletePartition request) {
        List<GlueShapes.PartitionValueList> toDelete = GlueConversions.require(request.partitionsToDelete(), "PartitionsToDelete");
        if (toDelete.size() > MAX_BATCH_DELETE) {
            throw GlueException.invalidInput("at most " + MAX_BATCH_DELETE + " partitions per BatchDeletePartition");
        }
        List<List<String>> valuesList = toDelete.stream().map(entry -> values(entry == null ? null : entry.values(), "PartitionsToDelete.Values")).toList();
        List<List<String>> missing = call.hive().deletePartitions(database(request.databaseName()), table(request.tableName()), valuesList);
        return Map.of("Errors", missing.stream().map(values -> new GlueShapes.PartitionError(values,
                new ErrorDetail("EntityNotFoundException", "partition " + values + " does not exist"))).toList());
    }

    private Object getPartitions(Call call, GlueRequests.GetPartitions request) {
        if (request.expression() != null && request.expression().length() > MAX_EXPRESSION) {
            throw GlueException.invalidInput("Expression is longer than " + MAX_EXPRESSION + " characters");
        }
        if (request.segment() != null && !request.segment().isNull()) {
            int number = request.segment().path("SegmentNumber").asInt(0);
            int total = request.segment().path("TotalSegments").asInt(1);
            if (total < 1 || total > 10 || number < 0 || number >= total) {
                throw GlueException.invalidInput("Segment needs 0 <= SegmentNumber < TotalSegments <= 10");
            }
            if (number > 0) {
                // All partitions are served in segment 0; the other segments are empty, which is a valid split.
                return Map.of("Partitions", List.of());
            }
        }
        PartitionFilter filter = PartitionFilter.parse(request.expression());
        Page<HivePartition> page = call.hive().partitions(database(request.databaseName()), table(request.tableName()), filter,
                request.nextToken(), maxResults(request.maxResults(), 1000));
        boolean withoutColumns = Boolean.TRUE.equals(request.excludeColumnSchema());
        List<GlueShapes.Partition> partitions = page.items().stream().map(partition -> {
            GlueShapes.Partition shape = GlueConversions.partition(partition, call.catalogId());
            if (!withoutColumns) {
                return shape;
            }
            GlueShapes.StorageDescriptor sd = shape.storageDescriptor();
            GlueShapes.StorageDescriptor stripped = new GlueShapes.StorageDescriptor(null, sd.location(), null, sd.inputFormat(),
                    sd.outputFormat(), sd.compressed(), sd.numberOfBuckets(), sd.serdeInfo(), sd.bucketColumns(), sd.sortColumns(),
                    sd.parameters(), null, sd.storedAsSubDirectories(), null);
            return new GlueShapes.Partition(shape.values(), shape.databaseName(), shape.tableName(), shape.creationTime(),
                    shape.lastAccessTime(), stripped, shape.parameters(), null, shape.catalogId());
        }).toList();
        return response("Partitions", partitions, page.nextToken());
    }

    // ---- search

    private Object searchTables(Call call, GlueRequests.SearchTables request) {
        String text = request.searchText() == null ? null : request.searchText().toLowerCase(Locale.ROOT);
        List<GlueShapes.PropertyPredicate> filters = request.filters() == null ? List.of() : request.filters();
        for (GlueShapes.PropertyPredicate filter : filters) {
            if (filter == null || filter.key() == null || filter.key().isEmpty()) {
                throw GlueException.invalidInput("every filter needs a Key");
            }
        }
        List<HiveTable> matches = new ArrayList<>();
        int scanned = 0;
        String databaseToken = null;
        outer:
        do {
            Page<HiveDatabase> databases = call.hive().databases(null, databaseToken, 1000);
            for (HiveDatabase database : databases.items()) {
                String tableToken = null;
                do {
                    Page<HiveTable> tables = call.hive().tables(database.name(), null, tableToken, 1000);
                    for (HiveTable table : tables.items()) {
                        if (++scanned > MAX_SEARCH_SCANNED) {
                            break outer;
                        }
                        if (matches(table, text, filters)) {
                            matches.add(table);
                        }
                    }
                    tableToken = tables.nextToken();
                } while (tableToken != null);
            }
            databaseToken = databases.nextToken();
        } while (databaseToken != null);
        Comparator<HiveTable> order = Comparator.comparing(HiveTable::database).thenComparing(HiveTable::name);
        if (request.sortCriteria() != null && !request.sortCriteria().isEmpty()) {
            GlueShapes.SortCriterion criterion = request.sortCriteria().get(0);
            Comparator<HiveTable> byField = Comparator.comparing(table -> String.valueOf(attribute(table, criterion.fieldName())));
            order = "DESC".equalsIgnoreCase(criterion.sort()) ? byField.reversed().thenComparing(order) : byField.thenComparing(order);
        }
        matches.sort(order);
        int offset = offset(request.nextToken());
        int limit = maxResults(request.maxResults(), 100);
        List<GlueShapes.Table> page = matches.stream().skip(offset).limit(limit)
                .map(table -> GlueConversions.table(table, call.catalogId())).toList();
        String next = offset + limit < matches.size() ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.valueOf(offset + limit).getBytes(StandardCharsets.UTF_8)) : null;
        return response("TableList", page, next);
    }

    private static boolean matches(HiveTable table, String text, List<GlueShapes.PropertyPredicate> filters) {
        if (text != null && !text.isEmpty()) {
            String description = table.definition().description() == null ? "" : table.definition().description();
            boolean hit = table.name().toLowerCase(Locale.ROOT).contains(text)
                    || table.database().toLowerCase(Locale.ROOT).contains(text)
                    || description.toLowerCase(Locale.ROOT).contains(text)
                    || table.definition().storage().columns().stream().anyMatch(c -> c.name().toLowerCase(Locale.ROOT).contains(text));
            if (!hit) {
                return false;
            }
        }
        for (GlueShapes.PropertyPredicate filter : filters) {
            Object actual = attribute(table, filter.key());
            if (actual == null) {
                return false;
            }
            int order = String.valueOf(actual).compareTo(filter.value() == null ? "" : filter.value());
            String comparator = filter.comparator() == null ? "EQUALS" : filter.comparator();
            boolean ok = switch (comparator) {
                case "EQUALS" -> order == 0;
                case "GREATER_THAN" -> order > 0;
                case "LESS_THAN" -> order < 0;
                case "GREATER_THAN_EQUALS" -> order >= 0;
                case "LESS_THAN_EQUALS" -> order <= 0;
                default -> throw GlueException.invalidInput("unknown Comparator '" + comparator + "'");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Object attribute(HiveTable table, String key) {
        return switch (key) {
            case "Name" -> table.name();
            case "DatabaseName" -> table.database();
            case "Description" -> table.definition().description();
            case "Owner" -> table.definition().owner();
            case "TableType" -> table.definition().tableType().name();
            case "Location" -> table.location();
            case "UpdateTime", "CreateTime" -> null;
            default -> table.definition().parameters().get(key);
        };
    }

    // ---- tags

    private Object tagResource(Call call, GlueRequests.TagResource request) {
        Resource resource = resource(call, request.resourceArn());
        tags.change(call.actor(), resource.arn(), resource.entity(), GlueConversions.orEmpty(request.tagsToAdd()), List.of());
        return Map.of();
    }

    private Object untagResource(Call call, GlueRequests.UntagResource request) {
        Resource resource = resource(call, request.resourceArn());
        tags.change(call.actor(), resource.arn(), resource.entity(), Map.of(),
                request.tagsToRemove() == null ? List.of() : request.tagsToRemove());
        return Map.of();
    }

    private Object getTags(Call call, GlueRequests.GetTags request) {
        Resource resource = resource(call, request.resourceArn());
        return Map.of("Tags", tags.tags(call.actor(), resource.arn()));
    }

    private record Resource(String arn, Urn entity) {
    }

    private static final Pattern ARN = Pattern.compile("arn:[^:]+:glue:([^:]*):([^:]*):(database|table)/(.+)");

    /** {@code arn:aws:glue:<region>:<account>:database/<db>} or {@code .../table/<db>/<table>}; must exist. */
    private Resource resource(Call call, String arn) {
        String text = GlueConversions.requireText(arn, "ResourceArn");
        java.util.regex.Matcher matcher = ARN.matcher(text);
        if (!matcher.matches()) {
            throw GlueException.invalidInput("ResourceArn '" + text + "' is not arn:aws:glue:<region>:<account>:database/<db> "
                    + "or ...:table/<db>/<table>");
        }
        String[] path = matcher.group(4).split("/");
        if (matcher.group(3).equals("database")) {
            if (path.length != 1) {
                throw GlueException.invalidInput("a database ARN ends in database/<name>");
            }
            HiveDatabase database = call.hive().database(path[0]);
            return new Resource(databaseArn(call, database.name()), namespaceUrn(call, database.name()));
        }
        if (path.length != 2) {
            throw GlueException.invalidInput("a table ARN ends in table/<database>/<table>");
        }
        HiveTable table = call.hive().table(path[0], path[1]);
        return new Resource("table/" + call.hive().warehouse().name() + "/" + table.database() + "/" + table.name(), table.dataset());
    }

    private static String databaseArn(Call call, String database) {
        return "database/" + call.hive().warehouse().name() + "/" + database;
    }

    private static Urn namespaceUrn(Call call, String database) {
        return Urn.namespace(call.hive().warehouse().name(), List.of(database));
    }

    // ---- helpers

    /**
     * Glue's name expression: a regular expression matched against the whole name, case-insensitively; Hive-style
     * {@code *} wildcards and {@code |} alternatives are accepted too.
     */
    static Predicate<String> namePattern(String expression) {
        if (expression == null || expression.isEmpty()) {
            return null;
        }
        if (expression.length() > MAX_EXPRESSION) {
            throw GlueException.invalidInput("Expression is longer than " + MAX_EXPRESSION + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(expression.startsWith("*") ? "." + expression : expression, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            pattern = Pattern.compile(expression.replace(".", "\\.").replace("*", ".*"), Pattern.CASE_INSENSITIVE);
        }
        Pattern compiled = pattern;
        return name -> compiled.matcher(name).matches();
    }

    private static List<String> values(List<String> values, String member) {
        if (values == null || values.isEmpty()) {
            throw GlueException.invalidInput(member + " is required");
        }
        if (values.stream().anyMatch(value -> value == null)) {
            throw GlueException.invalidInput(member + " cannot hold null");
        }
        return values;
    }

    private static String database(String name) {
        return GlueConversions.requireText(name, "DatabaseName");
    }

    private static String table(String name) {
        return GlueConversions.requireText(name, "TableName");
    }

    private static int maxResults(Integer requested, int fallback) {
        if (requested == null) {
            return fallback;
        }
        if (requested < 1) {
            throw GlueException.invalidInput("MaxResults must be at least 1");
        }
        return Math.min(requested, HiveMetastore.MAX_PAGE);
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw GlueException.invalidInput("NextToken '" + token + "' is not one this server handed out");
        }
    }

    private static Map<String, Object> response(String listName, List<?> items, String nextToken) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put(listName, items);
        if (nextToken != null) {
            response.put("NextToken", nextToken);
        }
        return response;
    }
}
