package io.cairn.catalog;

import io.cairn.catalog.store.CatalogGraph;
import io.cairn.catalog.store.DatasetRecorder;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.WriteTransaction;
import java.util.function.Function;
import org.apache.iceberg.io.FileIO;

/** What a catalog, its table and its view operations share for one caller: warehouse, store, storage, caches, actor. */
record CatalogContext(Warehouse warehouse, CatalogGraph graph, DatasetRecorder recorder, MetadataCache metadata, FileIO io,
                      Actor actor, IdempotentChange change) {

    /**
     * Every catalog write runs as one unit of work of the store of record, and only for writers. A request sent with
     * an Idempotency-Key claims the key in that same unit, so the key is committed exactly when the change is.
     */
    <T> T write(Function<WriteTransaction, T> work) {
        actor.require(Role.WRITER);
        return graph.store().write(actor, unit -> {
            T result = work.apply(unit);
            if (change != null) {
                change.claim(unit);
            }
            return result;
        });
    }

    /** Notes the metadata file a change produced, for the answer to a retry of the request. */
    void produced(String metadataLocation) {
        if (change != null) {
            change.resultLocation(metadataLocation);
        }
    }
}
