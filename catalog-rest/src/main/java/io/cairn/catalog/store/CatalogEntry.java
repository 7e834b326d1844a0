package io.cairn.catalog.store;

import io.cairn.metadata.urn.Urn;
import java.util.List;

/** A table or view as the catalog holds it: its name, its current metadata file and the data set it is. */
public record CatalogEntry(String warehouse, List<String> namespace, String name, EntryKind kind, String metadataLocation,
                           Urn dataset) {

    public CatalogEntry {
        namespace = List.copyOf(namespace);
    }
}
