package io.cairn.catalog.hms;

import com.facebook.fb303.fb_status;
import io.cairn.metadata.auth.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AddPartitionsResult;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.AlterDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.AlterPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AlterPartitionsResponse;
import org.apache.hadoop.hive.metastore.api.AppendPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.DropPartitionRequest;
import org.apache.hadoop.hive.metastore.api.DropPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.DropPartitionsResult;
import org.apache.hadoop.hive.metastore.api.ExtendedTableInfo;
import org.apache.hadoop.hive.metastore.api.GetPartitionNamesPsRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionNamesPsResponse;
import org.apache.hadoop.hive.metastore.api.GetPartitionRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionResponse;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByFilterRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesResult;
import org.apache.hadoop.hive.metastore.api.GetPartitionsPsWithAuthRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsPsWithAuthResponse;
import org.apache.hadoop.hive.metastore.api.GetTablesExtRequest;
import org.apache.hadoop.hive.metastore.api.InvalidInputException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionsRequest;
import org.apache.hadoop.hive.metastore.api.PartitionsResponse;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsResult;
import org.apache.hadoop.hive.metastore.api.RenamePartitionRequest;
import org.apache.hadoop.hive.metastore.api.RenamePartitionResponse;
import org.apache.hadoop.hive.metastore.api.RequestPartsSpec;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsResponse;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.hadoop.hive.metastore.api.TableStatsResult;
import org.apache.hadoop.hive.metastore.api.AlterTableRequest;
import org.apache.hadoop.hive.metastore.api.AlterTableResponse;
import org.apache.hadoop.hive.metastore.api.CheckLockRequest;
import org.apache.hadoop.hive.metastore.api.CreateDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.CreateTableRequest;
import org.apache.hadoop.hive.metastore.api.CurrentNotificationEventId;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DropDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.DropTableRequest;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.GetAllFunctionsResponse;
import org.apache.hadoop.hive.metastore.api.GetDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GetTableResult;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesResult;
import org.apache.hadoop.hive.metastore.api.HeartbeatRequest;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponse;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableMeta;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;
import org.apache.thrift.TException;

/**
 * The metastore calls Cairn answers, each named and typed exactly as in the Hive IDL so that {@link HmsDispatcher}
 * binds the generated processors to them by name. Calls not defined here answer {@code UNKNOWN_METHOD}.
 * Database names may carry a catalog ({@code @hive#db}); the caller is the connection's {@link HmsSession}.
 */
public final class HmsHandler {

    static final String EXPECTED_KEY = "expected_parameter_key";
    static final String EXPECTED_VALUE = "expected_parameter_value";

    private final HmsCatalogs catalogs;
    private final HmsDatabases databases;
    private final HmsTables tables;
    private final HmsPartitions partitions;
    private final HmsStatistics statistics;
    private final HmsLocks locks;
    private final long startedAt;

    HmsHandler(HmsCatalogs catalogs, HmsDatabases databases, HmsTables tables, HmsPartitions partitions, HmsLocks locks,
               long startedAt) {
        this.catalogs = catalogs;
        this.databases = databases;
        this.tables = tables;
        this.partitions = partitions;
        this.statistics = new HmsStatistics(tables, partitions);
        this.locks = locks;
        this.startedAt = startedAt;
    }

    private static Actor actor() {
        return HmsSessions.current().actor();
    }

    // ---- connection

    public List<String> set_ugi(String userName, List<String> groupNames) {
        HmsSessions.current().claimUser(userName);
        return groupNames == null ? new ArrayList<>() : groupNames;
    }

    /** fb303's one-way shutdown, which every client sends on close: a client does not stop the server. */
    public void shutdown() {
    }

    public String getName() {
        return "Cairn Hive Metastore";
    }

    public String getVersion() {
        return "4.0.1";
    }

    public fb_status getStatus() {
        return fb_status.ALIVE;
    }

    public String getStatusDetails() {
        return "ALIVE";
    }

    public long aliveSince() {
        return startedAt / 1000;
    }

    public Map<String, Long> getCounters() {
        return Map.of();
    }

    public String get_config_value(String name, String defaultValue) {
        return defaultValue;
    }

    public String getMetaConf(String key) {
        return "";
    }

    public void setMetaConf(String key, String value) {
    }

    public List<String> get_functions(String database, String pattern) {
        return new ArrayList<>();
    }

    public GetAllFunctionsResponse get_all_functions() {
        GetAllFunctionsResponse response = new GetAllFunctionsResponse();
        response.setFunctions(new ArrayList<>());
        return response;
    }

    /** Cairn publishes changes on its own change log, not as metastore notifications. */
    public CurrentNotificationEventId get_current_notificationEventId() {
        return new CurrentNotificationEventId(0);
    }

    // ---- databases

    public void create_database(Database database) throws TException {
        databases.create(actor(), database);
    }

    public void create_database_req(CreateDatabaseRequest request) throws TException {
        Database database = new Database(request.getDatabaseName(), request.getDescription(), request.getLocationUri(),
                request.getParameters());
        if (request.isSetCatalogName()) {
            database.setCatalogName(request.getCatalogName());
        }
        if (request.isSetOwnerName()) {
            database.setOwnerName(request.getOwnerName());
            database.setOwnerType(request.getOwnerType());
        }
        databases.create(actor(), database);
    }

    public Database get_database(String name) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(name);
        return databases.get(actor(), qualified.catalog(), qualified.database());
    }

    public Database get_database_req(GetDatabaseRequest request) throws TException {
        return databases.get(actor(), request.getCatalogName(), HmsNames.lower(request.getName()));
    }

    public List<String> get_all_databases() throws TException {
        return databases.names(actor(), null, null);
    }

    public List<String> get_databases(String pattern) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(pattern);
        return databases.names(actor(), qualified.catalog(), qualified.database());
    }

    public void alter_database(String name, Database database) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(name);
        databases.alter(actor(), qualified.catalog(), qualified.database(), database);
    }

    public void alter_database_req(AlterDatabaseRequest request) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(request.getOldDbName());
        String catalog = qualified.catalog() != null ? qualified.catalog() : request.getNewDb().getCatalogName();
        databases.alter(actor(), catalog, qualified.database(), request.getNewDb());
    }

    public void drop_database(String name, boolean deleteData, boolean cascade) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(name);
        databases.drop(actor(), qualified.catalog(), qualified.database(), deleteData, cascade, false);
    }

    public void drop_database_req(DropDatabaseRequest request) throws TException {
        databases.drop(actor(), request.getCatalogName(), HmsNames.lower(request.getName()), request.isDeleteData(),
                request.isCascade(), request.isIgnoreUnknownDb());
    }

    // ---- tables

    public Table get_table(String database, String name) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return tables.get(actor(), qualified.catalog(), qualified.database(), name);
    }

    public GetTableResult get_table_req(GetTableRequest request) throws TException {
        GetTableResult result = new GetTableResult(tables.get(actor(), request.getCatName(), HmsNames.lower(request.getDbName()),
                request.getTblName()));
        result.setIsStatsCompliant(false);
        return result;
    }

    public List<Table> get_table_objects_by_name(String database, List<String> names) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return tables.getAll(actor(), qualified.catalog(), qualified.database(), names);
    }

    public GetTablesResult get_table_objects_by_name_req(GetTablesRequest request) throws TException {
        String database = HmsNames.lower(request.getDbName());
        List<String> names = request.isSetTblNames() ? request.getTblNames()
                : tables.names(actor(), request.getCatName(), database, request.getTablesPattern());
        return new GetTablesResult(tables.getAll(actor(), request.getCatName(), database, names));
    }

    public List<String> get_all_tables(String database) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return tables.names(actor(), qualified.catalog(), qualified.database(), null);
    }

    public List<String> get_tables(String database, String pattern) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return tables.names(actor(), qualified.catalog(), qualified.database(), pattern);
    }

    public List<String> get_tables_by_type(String database, String pattern, String tableType) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        List<String> names = new ArrayList<>();
        for (HmsTables.TableSummary table : tables.summaries(actor(), qualified.catalog(), qualified.database(), pattern)) {
            if (tableType == null || tableType.isEmpty() || tableType.equalsIgnoreCase(table.type())) {
                names.add(table.name());
            }
        }
        return names;
    }

    public List<TableMeta> get_table_meta(String databasePattern, String tablePattern, List<String> tableTypes) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(databasePattern);
        List<TableMeta> metas = new ArrayList<>();
        for (String database : databases.names(actor(), qualified.catalog(), qualified.database())) {
            for (HmsTables.TableSummary table : tables.summaries(actor(), qualified.catalog(), database, tablePattern)) {
                if (tableTypes != null && !tableTypes.isEmpty() && tableTypes.stream().noneMatch(table.type()::equalsIgnoreCase)) {
                    continue;
                }
                TableMeta meta = new TableMeta(database, table.name(), table.type());
                meta.setCatName(qualified.catalog() == null ? HmsNames.DEFAULT_CATALOG : qualified.catalog());
                if (table.comment() != null) {
                    meta.setComments(table.comment());
                }
                metas.add(meta);
            }
        }
        return metas;
    }

    /** Hive 4's listing with capabilities; Cairn asks none of a client, so every table is read-write. */
    public List<ExtendedTableInfo> get_tables_ext(GetTablesExtRequest request) throws TException {
        List<ExtendedTableInfo> infos = new ArrayList<>();
        List<String> names = tables.names(actor(), request.getCatalog(), HmsNames.lower(request.getDatabase()),
                request.getTableNamePattern());
        int limit = request.isSetLimit() && request.getLimit() > 0 ? request.getLimit() : Integer.MAX_VALUE;
        for (String name : names.subList(0, Math.min(limit, names.size()))) {
            ExtendedTableInfo info = new ExtendedTableInfo(name);
            // ACCESSTYPE_READWRITE: bit 8 in Hive's access type flags.
            if ((request.getRequestedFields() & 1) != 0) {
                info.setAccessType(8);
            }
            infos.add(info);
        }
        return infos;
    }

    public void create_table(Table table) throws TException {
        tables.create(actor(), table);
    }

    public void create_table_with_environment_context(Table table, EnvironmentContext context) throws TException {
        tables.create(actor(), table);
    }

    public void create_table_req(CreateTableRequest request) throws TException {
        tables.create(actor(), request.getTable());
    }

    public void alter_table(String database, String name, Table table) throws TException {
        alter(database, name, table, null);
    }

    public void alter_table_with_environment_context(String database, String name, Table table, EnvironmentContext context)
            throws TException {
        alter(database, name, table, context);
    }

    public void alter_table_with_cascade(String database, String name, Table table, boolean cascade) throws TException {
        alter(database, name, table, null);
    }

    public AlterTableResponse alter_table_req(AlterTableRequest request) throws TException {
        String key = request.getExpectedParameterKey();
        String value = request.getExpectedParameterValue();
        EnvironmentContext context = request.getEnvironmentContext();
        if (key == null && context != null && context.getProperties() != null) {
            key = context.getProperties().get(EXPECTED_KEY);
            value = context.getProperties().get(EXPECTED_VALUE);
        }
        tables.alter(actor(), request.getCatName(), HmsNames.lower(request.getDbName()), request.getTableName(),
                request.getTable(), key, value);
        return new AlterTableResponse();
    }

    private void alter(String database, String name, Table table, EnvironmentContext context) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        Map<String, String> properties = context == null || context.getProperties() == null ? Map.of() : context.getProperties();
        tables.alter(actor(), qualified.catalog(), qualified.database(), name, table, properties.get(EXPECTED_KEY),
                properties.get(EXPECTED_VALUE));
    }

    public void drop_table(String database, String name, boolean deleteData) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        tables.drop(actor(), qualified.catalog(), qualified.database(), name, deleteData);
    }

    public void drop_table_with_environment_context(String database, String name, boolean deleteData, EnvironmentContext context)
            throws TException {
        drop_table(database, name, deleteData);
    }

    /** Hive 4 clients drop tables with this call. */
    public void drop_table_req(DropTableRequest request) throws TException {
        tables.drop(actor(), request.getCatalogName(), HmsNames.lower(request.getDbName()), request.getTableName(),
                !request.isSetDeleteData() || request.isDeleteData());
    }

    // ---- partitions

    public Partition add_partition(Partition partition) throws TException {
        return addOne(partition);
    }

    public Partition add_partition_with_environment_context(Partition partition, EnvironmentContext context) throws TException {
        return addOne(partition);
    }

    private Partition addOne(Partition partition) throws TException {
        List<Partition> added = partitions.add(actor(), null, List.of(partition), false);
        if (added.isEmpty()) {
            throw new AlreadyExistsException("Partition already exists: " + partition.getValues());
        }
        return added.get(0);
    }

    public int add_partitions(List<Partition> added) throws TException {
        return partitions.add(actor(), null, added, false).size();
    }

    public AddPartitionsResult add_partitions_req(AddPartitionsRequest request) throws TException {
        List<Partition> parts = request.getParts() == null ? List.of() : request.getParts();
        for (Partition partition : parts) {
            partition.setDbName(request.getDbName());
            partition.setTableName(request.getTblName());
        }
        List<Partition> added = partitions.add(actor(), request.getCatName(), parts, request.isIfNotExists());
        AddPartitionsResult result = new AddPartitionsResult();
        if (!request.isSetNeedResult() || request.isNeedResult()) {
            result.setPartitions(added);
        }
        return result;
    }

    public Partition append_partition(String database, String table, List<String> values) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.append(actor(), qualified.catalog(), qualified.database(), table, values);
    }

    public Partition append_partition_with_environment_context(String database, String table, List<String> values,
                                                               EnvironmentContext context) throws TException {
        return append_partition(database, table, values);
    }

    public Partition append_partition_by_name(String database, String table, String name) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.appendByName(actor(), qualified.catalog(), qualified.database(), table, name);
    }

    public Partition append_partition_by_name_with_environment_context(String database, String table, String name,
                                                                       EnvironmentContext context) throws TException {
        return append_partition_by_name(database, table, name);
    }

    public Partition append_partition_req(AppendPartitionsRequest request) throws TException {
        String database = HmsNames.lower(request.getDbName());
        if (request.isSetPartVals() && !request.getPartVals().isEmpty()) {
            return partitions.append(actor(), request.getCatalogName(), database, request.getTableName(), request.getPartVals());
        }
        return partitions.appendByName(actor(), request.getCatalogName(), database, request.getTableName(), request.getName());
    }

    public Partition get_partition(String database, String table, List<String> values) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.get(actor(), qualified.catalog(), qualified.database(), table, values);
    }

    public GetPartitionResponse get_partition_req(GetPartitionRequest request) throws TException {
        return new GetPartitionResponse(partitions.get(actor(), request.getCatName(), HmsNames.lower(request.getDbName()),
                request.getTblName(), request.getPartVals()));
    }

    public Partition get_partition_with_auth(String database, String table, List<String> values, String user, List<String> groups)
            throws TException {
        return get_partition(database, table, values);
    }

    public Partition get_partition_by_name(String database, String table, String name) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.getByName(actor(), qualified.catalog(), qualified.database(), table, name);
    }

    public List<Partition> get_partitions(String database, String table, short max) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.list(actor(), qualified.catalog(), qualified.database(), table, max);
    }

    public PartitionsResponse get_partitions_req(PartitionsRequest request) throws TException {
        return new PartitionsResponse(partitions.list(actor(), request.getCatName(), HmsNames.lower(request.getDbName()),
                request.getTblName(), request.isSetMaxParts() ? request.getMaxParts() : -1));
    }

    public List<Partition> get_partitions_with_auth(String database, String table, short max, String user, List<String> groups)
            throws TException {
        return get_partitions(database, table, max);
    }

    public List<String> get_partition_names(String database, String table, short max) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.names(actor(), qualified.catalog(), qualified.database(), table, max);
    }

    public List<String> fetch_partition_names_req(PartitionsRequest request) throws TException {
        return partitions.names(actor(), request.getCatName(), HmsNames.lower(request.getDbName()), request.getTblName(),
                request.isSetMaxParts() ? request.getMaxParts() : -1);
    }

    public List<Partition> get_partitions_ps(String database, String table, List<String> values, short max) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.matching(actor(), qualified.catalog(), qualified.database(), table, values, max);
    }

    public List<Partition> get_partitions_ps_with_auth(String database, String table, List<String> values, short max, String user,
                                                       List<String> groups) throws TException {
        return get_partitions_ps(database, table, values, max);
    }

    public GetPartitionsPsWithAuthResponse get_partitions_ps_with_auth_req(GetPartitionsPsWithAuthRequest request) throws TException {
        String database = HmsNames.lower(request.getDbName());
        int max = request.isSetMaxParts() ? request.getMaxParts() : -1;
        List<Partition> found = request.isSetPartNames()
                ? partitions.byNames(actor(), request.getCatName(), database, request.getTblName(), request.getPartNames())
                : partitions.matching(actor(), request.getCatName(), database, request.getTblName(), request.getPartVals(), max);
        return new GetPartitionsPsWithAuthResponse(found);
    }

    public List<String> get_partition_names_ps(String database, String table, List<String> values, short max) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.namesMatching(actor(), qualified.catalog(), qualified.database(), table, values, max);
    }

    public GetPartitionNamesPsResponse get_partition_names_ps_req(GetPartitionNamesPsRequest request) throws TException {
        return new GetPartitionNamesPsResponse(partitions.namesMatching(actor(), request.getCatName(),
                HmsNames.lower(request.getDbName()), request.getTblName(), request.getPartValues(),
                request.isSetMaxParts() ? request.getMaxParts() : -1));
    }

    public List<Partition> get_partitions_by_filter(String database, String table, String filter, short max) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.byFilter(actor(), qualified.catalog(), qualified.database(), table, filter, max);
    }

    public List<Partition> get_partitions_by_filter_req(GetPartitionsByFilterRequest request) throws TException {
        return partitions.byFilter(actor(), request.getCatName(), HmsNames.lower(request.getDbName()), request.getTblName(),
                request.getFilter(), request.isSetMaxParts() ? request.getMaxParts() : -1);
    }

    public int get_num_partitions_by_filter(String database, String table, String filter) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.byFilter(actor(), qualified.catalog(), qualified.database(), table, filter, -1).size();
    }

    public List<Partition> get_partitions_by_names(String database, String table, List<String> names) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return partitions.byNames(actor(), qualified.catalog(), qualified.database(), table, names);
    }

    public GetPartitionsByNamesResult get_partitions_by_names_req(GetPartitionsByNamesRequest request) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(request.getDb_name());
        return new GetPartitionsByNamesResult(partitions.byNames(actor(), qualified.catalog(), qualified.database(),
                request.getTbl_name(), request.getNames()));
    }

    public void alter_partition(String database, String table, Partition partition) throws TException {
        alter_partitions(database, table, List.of(partition));
    }

    public void alter_partition_with_environment_context(String database, String table, Partition partition,
                                                         EnvironmentContext context) throws TException {
        alter_partitions(database, table, List.of(partition));
    }

    public void alter_partitions(String database, String table, List<Partition> changed) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        partitions.alter(actor(), qualified.catalog(), qualified.database(), table, changed == null ? List.of() : changed);
    }

    public void alter_partitions_with_environment_context(String database, String table, List<Partition> changed,
                                                          EnvironmentContext context) throws TException {
        alter_partitions(database, table, changed);
    }

    public AlterPartitionsResponse alter_partitions_req(AlterPartitionsRequest request) throws TException {
        partitions.alter(actor(), request.getCatName(), HmsNames.lower(request.getDbName()), request.getTableName(),
                request.getPartitions() == null ? List.of() : request.getPartitions());
        return new AlterPartitionsResponse();
    }

    public void rename_partition(String database, String table, List<String> values, Partition partition) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        partitions.rename(actor(), qualified.catalog(), qualified.database(), table, values, partition);
    }

    public RenamePartitionResponse rename_partition_req(RenamePartitionRequest request) throws TException {
        partitions.rename(actor(), request.getCatName(), HmsNames.lower(request.getDbName()), request.getTableName(),
                request.getPartVals(), request.getNewPart());
        return new RenamePartitionResponse();
    }

    public boolean drop_partition(String database, String table, List<String> values, boolean deleteData) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        partitions.drop(actor(), qualified.catalog(), qualified.database(), table, List.of(values == null ? List.of() : values),
                deleteData, true);
        return true;
    }

    public boolean drop_partition_with_environment_context(String database, String table, List<String> values, boolean deleteData,
                                                           EnvironmentContext context) throws TException {
        return drop_partition(database, table, values, deleteData);
    }

    public boolean drop_partition_by_name(String database, String table, String name, boolean deleteData) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        HmsPartitions.TableRef ref = partitions.table(actor(), qualified.catalog(), qualified.database(), table);
        return drop_partition(database, table, partitions.values(ref, name), deleteData);
    }

    public boolean drop_partition_by_name_with_environment_context(String database, String table, String name, boolean deleteData,
                                                                   EnvironmentContext context) throws TException {
        return drop_partition_by_name(database, table, name, deleteData);
    }

    public boolean drop_partition_req(DropPartitionRequest request) throws TException {
        String database = HmsNames.lower(request.getDbName());
        boolean deleteData = !request.isSetDeleteData() || request.isDeleteData();
        List<String> values = request.isSetPartVals() && !request.getPartVals().isEmpty() ? request.getPartVals()
                : partitions.values(partitions.table(actor(), request.getCatName(), database, request.getTblName()), request.getPartName());
        partitions.drop(actor(), request.getCatName(), database, request.getTblName(), List.of(values), deleteData, true);
        return true;
    }

    /** Drops partitions named in the request; Hive's serialized expressions cannot be evaluated here. */
    public DropPartitionsResult drop_partitions_req(DropPartitionsRequest request) throws TException {
        RequestPartsSpec spec = request.getParts();
        if (spec == null || !spec.isSetNames()) {
            throw new MetaException("Cairn's metastore drops partitions by name; Hive's serialized partition expressions "
                    + "are not supported");
        }
        String database = HmsNames.lower(request.getDbName());
        HmsPartitions.TableRef ref = partitions.table(actor(), request.getCatName(), database, request.getTblName());
        List<List<String>> valuesList = new ArrayList<>();
        for (String name : spec.getNames()) {
            valuesList.add(partitions.values(ref, name));
        }
        boolean ifExists = !request.isSetIfExists() || request.isIfExists();
        List<Partition> dropped = partitions.drop(actor(), request.getCatName(), database, request.getTblName(), valuesList,
                !request.isSetDeleteData() || request.isDeleteData(), !ifExists);
        DropPartitionsResult result = new DropPartitionsResult();
        if (request.isNeedResult()) {
            result.setPartitions(dropped);
        }
        return result;
    }

    public List<String> partition_name_to_vals(String name) throws TException {
        try {
            return new ArrayList<>(io.cairn.catalog.hive.PartitionNames.parse(name).values());
        } catch (io.cairn.catalog.hive.InvalidObjectException e) {
            throw new MetaException(e.getMessage());
        }
    }

    public Map<String, String> partition_name_to_spec(String name) throws TException {
        try {
            return new java.util.LinkedHashMap<>(io.cairn.catalog.hive.PartitionNames.parse(name));
        } catch (io.cairn.catalog.hive.InvalidObjectException e) {
            throw new MetaException(e.getMessage());
        }
    }

    // ---- column statistics

    public boolean update_table_column_statistics(ColumnStatistics columnStatistics) throws TException {
        statistics.update(actor(), requireLevel(columnStatistics, true));
        return true;
    }

    public boolean update_partition_column_statistics(ColumnStatistics columnStatistics) throws TException {
        statistics.update(actor(), requireLevel(columnStatistics, false));
        return true;
    }

    public SetPartitionsStatsResponse update_table_column_statistics_req(SetPartitionsStatsRequest request) throws TException {
        return new SetPartitionsStatsResponse(set_aggr_stats_for(request));
    }

    public SetPartitionsStatsResponse update_partition_column_statistics_req(SetPartitionsStatsRequest request) throws TException {
        return new SetPartitionsStatsResponse(set_aggr_stats_for(request));
    }

    /** Stores each statistics object of the request, table- or partition-level as its descriptor says. */
    public boolean set_aggr_stats_for(SetPartitionsStatsRequest request) throws TException {
        for (ColumnStatistics columnStatistics : request.getColStats() == null ? List.<ColumnStatistics>of() : request.getColStats()) {
            statistics.update(actor(), columnStatistics);
        }
        return true;
    }

    public ColumnStatistics get_table_column_statistics(String database, String table, String column) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return statistics.tableColumn(actor(), qualified.catalog(), qualified.database(), table, column);
    }

    public TableStatsResult get_table_statistics_req(TableStatsRequest request) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(request.getDbName());
        String catalog = request.isSetCatName() ? request.getCatName() : qualified.catalog();
        return new TableStatsResult(statistics.table(actor(), catalog, qualified.database(), request.getTblName(),
                request.getColNames()));
    }

    public ColumnStatistics get_partition_column_statistics(String database, String table, String partition, String column)
            throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return statistics.partitionColumn(actor(), qualified.catalog(), qualified.database(), table, partition, column);
    }

    public PartitionsStatsResult get_partitions_statistics_req(PartitionsStatsRequest request) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(request.getDbName());
        String catalog = request.isSetCatName() ? request.getCatName() : qualified.catalog();
        return new PartitionsStatsResult(statistics.partitions(actor(), catalog, qualified.database(), request.getTblName(),
                request.getPartNames(), request.getColNames()));
    }

    public boolean delete_table_column_statistics(String database, String table, String column, String engine) throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return statistics.deleteTable(actor(), qualified.catalog(), qualified.database(), table, column);
    }

    public boolean delete_partition_column_statistics(String database, String table, String partition, String column, String engine)
            throws TException {
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(database);
        return statistics.deletePartition(actor(), qualified.catalog(), qualified.database(), table, partition, column);
    }

    private static ColumnStatistics requireLevel(ColumnStatistics columnStatistics, boolean tableLevel) throws TException {
        if (columnStatistics.getStatsDesc() == null) {
            throw new InvalidInputException("column statistics need a descriptor");
        }
        if (columnStatistics.getStatsDesc().isIsTblLevel() != tableLevel) {
            throw new InvalidInputException(tableLevel ? "these are partition statistics; use update_partition_column_statistics"
                    : "these are table statistics; use update_table_column_statistics");
        }
        return columnStatistics;
    }

    // ---- locks (the warehouse of a lock is the default one: lock requests carry no catalog)

    public LockResponse lock(LockRequest request) throws TException {
        return locks.lock(actor(), catalogs.warehouse(null).name(), request);
    }

    public LockResponse check_lock(CheckLockRequest request) throws TException {
        return locks.check(request.getLockid());
    }

    public void unlock(UnlockRequest request) throws TException {
        locks.unlock(request.getLockid());
    }

    public void heartbeat(HeartbeatRequest request) throws TException {
        locks.heartbeat(request.getLockid());
    }

    public ShowLocksResponse show_locks(ShowLocksRequest request) throws TException {
        return locks.show(catalogs.warehouse(null).name(), request);
    }
}
