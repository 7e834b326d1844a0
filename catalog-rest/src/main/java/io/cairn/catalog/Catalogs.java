package io.cairn.catalog;

import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.DatasetRecorder;
import io.cairn.metadata.auth.Actor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.FileIO;

/**
 * Hands out a catalog per warehouse and caller. The FileIO of each warehouse is made once and shared: it holds
 * connection pools for object stores.
 */
public final class Catalogs implements AutoCloseable {

    /** Local files and, when a warehouse says so, S3-compatible storage through Iceberg's own FileIO. */
    static final String DEFAULT_IO = "org.apache.iceberg.io.ResolvingFileIO";

    private final Warehouses warehouses;
    private final CatalogGraph graph;
    private final DatasetRecorder recorder = new DatasetRecorder();
    private final Map<String, FileIO> fileIos = new ConcurrentHashMap<>();

    public Catalogs(Warehouses warehouses, CatalogGraph graph) {
        this.warehouses = warehouses;
        this.graph = graph;
    }

    public Warehouses warehouses() {
        return warehouses;
    }

    public CatalogGraph graph() {
        return graph;
    }

    public CairnCatalog catalog(Warehouse warehouse, Actor actor) {
        return new CairnCatalog(new CatalogContext(warehouse, graph, recorder, io(warehouse), actor));
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
            return CatalogUtil.loadFileIO(impl, properties, new Configuration());
        });
    }

    @Override
    public void close() {
        fileIos.values().forEach(FileIO::close);
    }
}
