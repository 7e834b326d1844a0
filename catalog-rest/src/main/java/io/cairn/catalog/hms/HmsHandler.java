package io.cairn.catalog.hms;

import com.facebook.fb303.fb_status;
import io.cairn.metadata.auth.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AlterDatabaseRequest;
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
    private final HmsLocks locks;
    private final long startedAt;

    HmsHandler(HmsCatalogs catalogs, HmsDatabases databases, HmsTables tables, HmsLocks locks, long startedAt) {
        this.catalogs = catalogs;
        this.databases = databases;
        this.tables = tables;
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

    /** Every table Cairn serves through the metastore is external (Iceberg); other types list none. */
    public List<String> get_tables_by_type(String database, String pattern, String tableType) throws TException {
        if (tableType != null && !tableType.isEmpty() && !tableType.equalsIgnoreCase("EXTERNAL_TABLE")) {
            return new ArrayList<>();
        }
        return get_tables(database, pattern);
    }

    public List<TableMeta> get_table_meta(String databasePattern, String tablePattern, List<String> tableTypes) throws TException {
        if (tableTypes != null && !tableTypes.isEmpty() && tableTypes.stream().noneMatch("EXTERNAL_TABLE"::equalsIgnoreCase)) {
            return new ArrayList<>();
        }
        HmsNames.QualifiedDatabase qualified = HmsNames.parseDatabase(databasePattern);
        List<TableMeta> metas = new ArrayList<>();
        for (String database : databases.names(actor(), qualified.catalog(), qualified.database())) {
            for (String table : tables.names(actor(), qualified.catalog(), database, tablePattern)) {
                TableMeta meta = new TableMeta(database, table, "EXTERNAL_TABLE");
                meta.setCatName(qualified.catalog() == null ? HmsNames.DEFAULT_CATALOG : qualified.catalog());
                metas.add(meta);
            }
        }
        return metas;
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
        tables.drop(actor(), qualified.catalog(), qualified.database(), name);
    }

    public void drop_table_with_environment_context(String database, String name, boolean deleteData, EnvironmentContext context)
            throws TException {
        drop_table(database, name, deleteData);
    }

    /** Hive 4 clients drop tables with this call. */
    public void drop_table_req(DropTableRequest request) throws TException {
        tables.drop(actor(), request.getCatalogName(), HmsNames.lower(request.getDbName()), request.getTableName());
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
