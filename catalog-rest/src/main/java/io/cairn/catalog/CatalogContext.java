package io.cairn.catalog;

import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.DatasetRecorder;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.WriteTransaction;
import java.util.function.Function;
import org.apache.iceberg.io.FileIO;

/** What a catalog, its table and its view operations share for one caller: warehouse, store, storage, actor. */
record CatalogContext(Warehouse warehouse, CatalogGraph graph, DatasetRecorder recorder, FileIO io, Actor actor) {

    /** Every catalog write runs as one unit of work of the store of record, and only for writers. */
    <T> T write(Function<WriteTransaction, T> work) {
        actor.require(Role.WRITER);
        return graph.store().write(actor, work);
    }
}
