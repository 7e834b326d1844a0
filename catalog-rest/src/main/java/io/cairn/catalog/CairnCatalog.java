package io.cairn.catalog;

import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.EntryKind;
import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;
import org.apache.iceberg.view.ViewOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Iceberg catalog (tables, views, nested namespaces) over Cairn's store of record, for one warehouse and one
 * caller. Cheap to create: a request builds one, so every write carries the caller as its actor.
 */
public final class CairnCatalog extends BaseMetastoreViewCatalog implements SupportsNamespaces {

    private static final Logger LOG = LoggerFactory.getLogger(CairnCatalog.class);

    private final CatalogContext context;

    CairnCatalog(CatalogContext context) {
        this.context = context;
        initialize(context.warehouse().name(), Map.of());
    }

    Warehouse warehouse() {
        return context.warehouse();
    }

    CatalogContext context() {
        return context;
    }

    private String warehouseName() {
        return context.warehouse().name();
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier identifier) {
        return new CairnTableOperations(context, identifier);
    }

    @Override
    protected ViewOperations newViewOps(TableIdentifier identifier) {
        return new CairnViewOperations(context, identifier);
    }

    /** {@code <namespace location or warehouse/ns levels>/<name>}; the namespace must exist. */
    @Override
    protected String defaultWarehouseLocation(TableIdentifier identifier) {
        List<String> levels = List.of(identifier.namespace().levels());
        Map<String, String> properties = context.graph().namespace(warehouseName(), levels)
                .orElseThrow(() -> new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace()));
        String namespaceLocation = properties.get("location");
        if (namespaceLocation != null && !namespaceLocation.isBlank()) {
            return stripSlash(namespaceLocation) + "/" + pathSegment(identifier.name());
        }
        StringBuilder location = new StringBuilder(context.warehouse().location());
        levels.forEach(level -> location.append('/').append(pathSegment(level)));
        return location.append('/').append(pathSegment(identifier.name())).toString();
    }

    /**
     * A name as one directory of a default location. Names may hold '/' (and be "." or ".."), which must neither
     * nest directories (namespace {@code x/y} would share {@code x.y}'s) nor climb out of the warehouse; percent
     * escapes are no way out, as Hadoop's paths decode them. Such a name becomes its '/'-free, dot-free form plus a
     * digest of the original, so that distinct names keep distinct directories; every other name is kept as is.
     */
    static String pathSegment(String name) {
        if (name.indexOf('/') < 0 && !name.equals(".") && !name.equals("..")) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.replace('/', '_').replace('.', '_') + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean tableExists(TableIdentifier identifier) {
        return kindOf(identifier).filter(kind -> kind == EntryKind.TABLE).isPresent();
    }

    @Override
    public boolean viewExists(TableIdentifier identifier) {
        return kindOf(identifier).filter(kind -> kind == EntryKind.VIEW).isPresent();
    }

    private Optional<EntryKind> kindOf(TableIdentifier identifier) {
        return context.graph().entry(warehouseName(), List.of(identifier.namespace().levels()), identifier.name())
                .map(CatalogEntry::kind);
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
        return identifiers(namespace, EntryKind.TABLE);
    }

    @Override
    public List<TableIdentifier> listViews(Namespace namespace) {
        return identifiers(namespace, EntryKind.VIEW);
    }

    private List<TableIdentifier> identifiers(Namespace namespace, EntryKind kind) {
        return context.graph().entryNames(warehouseName(), List.of(namespace.levels()), kind).stream()
                .map(name -> TableIdentifier.of(namespace, name)).toList();
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge) {
        return drop(identifier, EntryKind.TABLE, purge);
    }

    @Override
    public boolean dropView(TableIdentifier identifier) {
        return drop(identifier, EntryKind.VIEW, false);
    }

    private boolean drop(TableIdentifier identifier, EntryKind kind, boolean purge) {
        List<String> levels = List.of(identifier.namespace().levels());
        Optional<CatalogEntry> removed = context.write(unit -> {
            Optional<CatalogEntry> entry = context.graph().remove(unit, warehouseName(), levels, identifier.name(), kind);
            entry.ifPresent(found -> context.recorder().dropped(unit, found.dataset(), purge));
            return entry;
        });
        if (removed.isPresent() && purge) {
            // The catalog no longer knows the table; deleting its files is best effort after the commit.
            try {
                TableMetadata metadata = TableMetadataParser.read(context.io(), removed.get().metadataLocation());
                CatalogUtil.dropTableData(context.io(), metadata);
            } catch (RuntimeException e) {
                LOG.warn("Dropped {} but could not delete all of its files: {}", identifier, e.getMessage());
            }
        }
        return removed.isPresent();
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
        rename(from, to, EntryKind.TABLE);
    }

    @Override
    public void renameView(TableIdentifier from, TableIdentifier to) {
        rename(from, to, EntryKind.VIEW);
    }

    private void rename(TableIdentifier from, TableIdentifier to, EntryKind kind) {
        List<String> fromLevels = List.of(from.namespace().levels());
        List<String> toLevels = List.of(to.namespace().levels());
        context.write(unit -> {
            CatalogEntry entry = context.graph().entry(unit.tx(), warehouseName(), fromLevels, from.name())
                    .filter(found -> found.kind() == kind)
                    .orElseThrow(() -> kind == EntryKind.TABLE
                            ? new NoSuchTableException("Table does not exist: %s", from)
                            : new NoSuchViewException("View does not exist: %s", from));
            context.graph().move(unit, warehouseName(), entry, toLevels, to.name());
            Urn dataset = context.recorder().renamed(unit, entry.dataset(), warehouseName(), fromLevels, from.name(),
                    toLevels, to.name(), kind == EntryKind.TABLE);
            if (!dataset.equals(entry.dataset())) {
                context.graph().pointAt(unit, warehouseName(), toLevels, to.name(), dataset);
            }
            return null;
        });
    }

    /**
     * Makes {@code next} the table's metadata file if its current one is {@code expected}: the compare-and-swap of an
     * Iceberg REST commit, for commits that arrive through the Hive Metastore or Glue APIs. A lost race throws
     * {@link org.apache.iceberg.exceptions.CommitFailedException}; nothing is written then.
     */
    public void commitMetadataLocation(TableIdentifier identifier, String expected, String next) {
        if (expected == null || next == null) {
            throw new IllegalArgumentException("both the expected and the new metadata location are needed");
        }
        new CairnTableOperations(context, identifier).commitLocation(expected, next);
    }

    // ---- namespaces

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> metadata) {
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("Cannot create a namespace with no levels");
        }
        for (String level : namespace.levels()) {
            if (level.isEmpty()) {
                throw new IllegalArgumentException("Namespace levels cannot be empty: " + namespace);
            }
        }
        context.write(unit -> {
            context.graph().createNamespace(unit, warehouseName(), List.of(namespace.levels()), metadata);
            return null;
        });
    }

    @Override
    public List<Namespace> listNamespaces(Namespace namespace) {
        List<String> parent = List.of(namespace.levels());
        if (!parent.isEmpty() && context.graph().namespace(warehouseName(), parent).isEmpty()) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
        }
        List<Namespace> children = new ArrayList<>();
        for (List<String> child : context.graph().children(warehouseName(), parent)) {
            children.add(Namespace.of(child.toArray(String[]::new)));
        }
        return children;
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
        return context.graph().namespace(warehouseName(), List.of(namespace.levels()))
                .orElseThrow(() -> new NoSuchNamespaceException("Namespace does not exist: %s", namespace));
    }

    @Override
    public boolean namespaceExists(Namespace namespace) {
        return !namespace.isEmpty() && context.graph().namespace(warehouseName(), List.of(namespace.levels())).isPresent();
    }

    @Override
    public boolean dropNamespace(Namespace namespace) {
        try {
            context.write(unit -> {
                context.graph().dropNamespace(unit, warehouseName(), List.of(namespace.levels()));
                return null;
            });
            return true;
        } catch (NoSuchNamespaceException e) {
            return false;
        }
    }

    @Override
    public boolean setProperties(Namespace namespace, Map<String, String> properties) {
        context.write(unit -> context.graph().updateNamespace(unit, warehouseName(), List.of(namespace.levels()), properties, List.of()));
        return true;
    }

    @Override
    public boolean removeProperties(Namespace namespace, Set<String> properties) {
        Map<String, String> before = context.write(unit ->
                context.graph().updateNamespace(unit, warehouseName(), List.of(namespace.levels()), Map.of(), List.copyOf(properties)));
        return properties.stream().anyMatch(before::containsKey);
    }

    /**
     * Removes then sets namespace properties in one unit of work (Iceberg's handler would take two); returns the
     * properties as they were.
     */
    public Map<String, String> updateProperties(Namespace namespace, Map<String, String> updates, Set<String> removals) {
        return context.write(unit -> context.graph().updateNamespace(unit, warehouseName(), List.of(namespace.levels()),
                updates, List.copyOf(removals)));
    }

    private static String stripSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }
}
