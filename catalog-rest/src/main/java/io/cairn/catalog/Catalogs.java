package io.cairn.catalog;

import io.cairn.catalog.io.LocalFirstFileIO;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.DatasetRecorder;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.dataset.DatasetAliases;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;

/**
 * Hands out a catalog per warehouse and caller. The FileIO of each warehouse is made once and shared: it holds
 * connection pools for object stores.
 */
public final class Catalogs implements AutoCloseable {

    /** Local files and, when a warehouse says so, S3-compatible storage through Iceberg's own FileIO. */
    static final String DEFAULT_IO = "org.apache.iceberg.io.ResolvingFileIO";

    private final Warehouses warehouses;
    private final CatalogGraph graph;
    private final DatasetRecorder recorder;
    private final MetadataCache metadata = new MetadataCache();
    private final Map<String, FileIO> fileIos = new ConcurrentHashMap<>();

    /** With a dataset resolver of its own ({@link DatasetAliases} keeps no state): for tests and tools. */
    public Catalogs(Warehouses warehouses, CatalogGraph graph) {
        this(warehouses, graph, new DatasetAliases());
    }

    public Catalogs(Warehouses warehouses, CatalogGraph graph, DatasetAliases aliases) {
        this.warehouses = warehouses;
        this.graph = graph;
        this.recorder = new DatasetRecorder(aliases);
    }

    public Warehouses warehouses() {
        return warehouses;
    }

    public CatalogGraph graph() {
        return graph;
    }

    public CairnCatalog catalog(Warehouse warehouse, Actor actor) {
        return catalog(warehouse, actor, null);
    }

    /** A catalog whose change commits under an Idempotency-Key ({@code change} may be null: none was sent). */
    public CairnCatalog catalog(Warehouse warehouse, Actor actor, IdempotentChange change) {
        return new CairnCatalog(new CatalogContext(warehouse, graph, recorder, metadata, io(warehouse), actor, change));
    }

    /** A table's metadata as of one (immutable) metadata file. */
    public TableMetadata tableMetadata(Warehouse warehouse, String metadataLocation) {
        return metadata.table(io(warehouse), metadataLocation);
    }

    /** The text of a table metadata file a commit of this process wrote, while it is current (see MetadataCache). */
    public Optional<byte[]> tableMetadataJson(String metadataLocation) {
        return metadata.json(metadataLocation);
    }

    /** A view's metadata as of one (immutable) metadata file. */
    public ViewMetadata viewMetadata(Warehouse warehouse, String metadataLocation) {
        return ViewMetadataParser.read(io(warehouse).newInputFile(metadataLocation));
    }

    /** Whether a (metadata) file is still there: one stat for local files, one HEAD for object stores. */
    public boolean fileExists(Warehouse warehouse, String location) {
        try {
            return io(warehouse).newInputFile(location).exists();
        } catch (RuntimeException e) {
            return false;
        }
    }

    FileIO io(Warehouse warehouse) {
        return fileIos.computeIfAbsent(warehouse.name(), name -> {
            Map<String, String> properties = new HashMap<>(warehouse.ioProperties());
            String impl = properties.getOrDefault(CatalogProperties.FILE_IO_IMPL, DEFAULT_IO);
            FileIO io = CatalogUtil.loadFileIO(impl, properties, new Configuration());
            // A warehouse that names its own FileIO gets exactly that one.
            return impl.equals(DEFAULT_IO) ? new LocalFirstFileIO(io) : io;
        });
    }

    @Override
    public void close() {
        fileIos.values().forEach(FileIO::close);
    }
}
