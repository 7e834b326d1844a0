package io.cairn.catalog.hms;

import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.Warehouse;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.thrift.TException;

/**
 * Metastore databases are Cairn's top-level namespaces. The namespace properties carry the database fields under
 * the keys Iceberg's HiveCatalog uses ({@code location}, {@code comment}, {@code hive.metastore.database.owner}), so a
 * database reads the same through Iceberg REST and through the metastore.
 */
final class HmsDatabases {

    static final String LOCATION = "location";
    static final String COMMENT = "comment";
    static final String OWNER = "hive.metastore.database.owner";
    static final String OWNER_TYPE = "hive.metastore.database.owner-type";

    private final HmsCatalogs catalogs;
    private final HmsDirectories directories;
    private final HmsTables tables;

    HmsDatabases(HmsCatalogs catalogs, HmsDirectories directories, HmsTables tables) {
        this.catalogs = catalogs;
        this.directories = directories;
        this.tables = tables;
    }

    void create(Actor actor, Database database) throws TException {
        actor.require(Role.WRITER);
        String name = HmsNames.requireValid("database", database.getName());
        Warehouse warehouse = catalogs.warehouse(database.getCatalogName());
        CairnCatalog catalog = catalogs.catalog(warehouse, actor);
        Namespace namespace = Namespace.of(name);
        if (catalog.namespaceExists(namespace)) {
            throw new AlreadyExistsException("Database " + name + " already exists");
        }
        String location = database.isSetLocationUri() && !database.getLocationUri().isBlank()
                ? database.getLocationUri()
                : warehouse.location() + "/" + name;
        Map<String, String> properties = properties(database, location, actor);
        try {
            catalog.createNamespace(namespace, properties);
        } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
            throw new AlreadyExistsException("Database " + name + " already exists");
        }
        directories.create(location);
    }

    Database get(Actor actor, String catalogName, String name) throws TException {
        if (name == null) {
            throw new NoSuchObjectException("No database name given");
        }
        Warehouse warehouse = catalogs.warehouse(catalogName);
        Map<String, String> properties;
        try {
            properties = catalogs.catalog(warehouse, actor).loadNamespaceMetadata(Namespace.of(name));
        } catch (NoSuchNamespaceException e) {
            throw new NoSuchObjectException("Database " + name + " not found");
        }
        return toDatabase(warehouse, name, properties);
    }

    List<String> names(Actor actor, String catalogName, String hivePattern) throws TException {
        Warehouse warehouse = catalogs.warehouse(catalogName);
        Pattern pattern = HmsNames.pattern(hivePattern);
        List<String> names = new ArrayList<>();
        for (Namespace namespace : catalogs.catalog(warehouse, actor).listNamespaces(Namespace.empty())) {
            String name = namespace.level(0);
            if (pattern.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }

    void alter(Actor actor, String catalogName, String name, Database changed) throws TException {
        actor.require(Role.WRITER);
        if (changed.isSetName() && !HmsNames.lower(changed.getName()).equals(name)) {
            throw new InvalidOperationException("Databases cannot be renamed: " + name + " to " + changed.getName());
        }
        Warehouse warehouse = catalogs.warehouse(catalogName);
        CairnCatalog catalog = catalogs.catalog(warehouse, actor);
        Namespace namespace = Namespace.of(name);
        Map<String, String> before;
        try {
            before = catalog.loadNamespaceMetadata(namespace);
        } catch (NoSuchNamespaceException e) {
            throw new NoSuchObjectException("Database " + name + " not found");
        }
        String location = changed.isSetLocationUri() && !changed.getLocationUri().isBlank()
                ? changed.getLocationUri() : before.get(LOCATION);
        Map<String, String> after = properties(changed, location, actor);
        if (!changed.isSetOwnerName() && before.containsKey(OWNER)) {
            after.put(OWNER, before.get(OWNER));
            after.put(OWNER_TYPE, before.getOrDefault(OWNER_TYPE, PrincipalType.USER.name()));
        }
        Set<String> removed = new HashSet<>(before.keySet());
        removed.removeAll(after.keySet());
        if (!removed.isEmpty()) {
            catalog.removeProperties(namespace, removed);
        }
        catalog.setProperties(namespace, after);
    }

    void drop(Actor actor, String catalogName, String name, boolean deleteData, boolean cascade, boolean ignoreUnknown)
            throws TException {
        actor.require(Role.WRITER);
        Warehouse warehouse = catalogs.warehouse(catalogName);
        CairnCatalog catalog = catalogs.catalog(warehouse, actor);
        Namespace namespace = Namespace.of(name);
        Map<String, String> properties;
        try {
            properties = catalog.loadNamespaceMetadata(namespace);
        } catch (NoSuchNamespaceException e) {
            if (ignoreUnknown) {
                return;
            }
            throw new NoSuchObjectException("Database " + name + " not found");
        }
        if (cascade) {
            // External tables (Iceberg ones among them) keep their files; managed plain tables lose theirs with deleteData.
            for (String table : tables.names(actor, catalogName, name, null)) {
                tables.drop(actor, catalogName, name, table, deleteData);
            }
            for (TableIdentifier view : catalog.listViews(namespace)) {
                catalog.dropView(view);
            }
        }
        try {
            catalog.dropNamespace(namespace);
        } catch (NamespaceNotEmptyException e) {
            throw new InvalidOperationException("Database " + name + " is not empty. One or more tables exist.");
        }
        if (deleteData) {
            directories.deleteIfEmpty(properties.get(LOCATION));
        }
    }

    private static Map<String, String> properties(Database database, String location, Actor actor) {
        Map<String, String> properties = new HashMap<>();
        if (database.getParameters() != null) {
            properties.putAll(database.getParameters());
        }
        properties.put(LOCATION, location);
        if (database.isSetDescription() && !database.getDescription().isEmpty()) {
            properties.put(COMMENT, database.getDescription());
        }
        properties.put(OWNER, database.isSetOwnerName() ? database.getOwnerName() : actor.name());
        properties.put(OWNER_TYPE, database.isSetOwnerType() ? database.getOwnerType().name() : PrincipalType.USER.name());
        return properties;
    }

    private Database toDatabase(Warehouse warehouse, String name, Map<String, String> properties) {
        Map<String, String> parameters = new HashMap<>(properties);
        String location = parameters.remove(LOCATION);
        String comment = parameters.remove(COMMENT);
        String owner = parameters.remove(OWNER);
        String ownerType = parameters.remove(OWNER_TYPE);
        Database database = new Database(name, comment, location == null ? warehouse.location() + "/" + name : location, parameters);
        database.setCatalogName(catalogs.catalogName(warehouse));
        if (owner != null) {
            database.setOwnerName(owner);
            database.setOwnerType(ownerType == null ? PrincipalType.USER : parseOwnerType(ownerType));
        }
        return database;
    }

    private static PrincipalType parseOwnerType(String value) {
        try {
            return PrincipalType.valueOf(value);
        } catch (IllegalArgumentException e) {
            return PrincipalType.USER;
        }
    }
}
