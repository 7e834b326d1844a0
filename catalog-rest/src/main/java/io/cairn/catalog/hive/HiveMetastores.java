package io.cairn.catalog.hive;

import io.cairn.catalog.Catalogs;
import io.cairn.catalog.Warehouse;
import io.cairn.metadata.auth.Actor;

/**
 * Hands out a {@link HiveMetastore} per warehouse and caller; cheap, so each request (or Thrift connection) opens
 * its own. One bean serves every protocol: the Hive Metastore Thrift API and the Glue API see the same tables.
 */
public final class HiveMetastores {

    private final Catalogs catalogs;
    private final HiveGraph graph;
    private final PlainTableRecorder recorder;

    /**
     * @param metastoreAuthority {@code host:port} under which engines reach this Cairn's metastore; the authority of
     *                           the {@code hive://host:port/db.table} names that OpenLineage gives Hive tables
     */
    public HiveMetastores(Catalogs catalogs, String metastoreAuthority) {
        this.catalogs = catalogs;
        this.graph = new HiveGraph(catalogs.graph().store());
        this.recorder = new PlainTableRecorder(metastoreAuthority);
    }

    public Catalogs catalogs() {
        return catalogs;
    }

    public HiveMetastore open(Warehouse warehouse, Actor actor) {
        return new HiveMetastore(warehouse, actor, catalogs.catalog(warehouse, actor), catalogs.graph(), graph, recorder);
    }

    /** The default warehouse, which Hive clients (they name no warehouse) use. */
    public HiveMetastore open(Actor actor) {
        return open(catalogs.warehouses().defaultWarehouse(), actor);
    }
}
