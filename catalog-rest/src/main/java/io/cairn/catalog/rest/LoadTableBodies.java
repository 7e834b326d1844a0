package io.cairn.catalog.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalogProperties;

/**
 * The serialized loadTable answer of each table's current metadata file, per snapshot mode. Without vended
 * credentials an answer is a function of the metadata file alone, which never changes once written, so a load of an
 * unchanged table skips reading, parsing and serializing its metadata. Answers that carry credentials are never kept.
 *
 * <p>Only the newest answer per table is kept, not one per metadata file: once a commit moves a table on, its older
 * answers are never asked for again, and a cache full of them (each one as large as the table's history) would
 * crowd out the current ones.
 */
final class LoadTableBodies {

    /** Bounded by bytes held: metadata of a table with a long history runs to megabytes. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    /** {@code body} is UTF-8 JSON, sent as it is and never modified. */
    private record Kept(String metadataLocation, byte[] body) {
    }

    private final Cache<String, Kept> bodies = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((String key, Kept kept) -> key.length() + kept.metadataLocation().length() + kept.body().length)
            .build();

    /** The answer kept for {@code table} if it was made from the metadata file at {@code metadataLocation}. */
    byte[] get(String warehouse, TableIdentifier table, String metadataLocation, RESTCatalogProperties.SnapshotMode mode) {
        Kept kept = bodies.getIfPresent(key(warehouse, table, mode));
        return kept != null && kept.metadataLocation().equals(metadataLocation) ? kept.body() : null;
    }

    void put(String warehouse, TableIdentifier table, String metadataLocation, RESTCatalogProperties.SnapshotMode mode,
             byte[] body) {
        bodies.put(key(warehouse, table, mode), new Kept(metadataLocation, body));
    }

    private static String key(String warehouse, TableIdentifier table, RESTCatalogProperties.SnapshotMode mode) {
        return mode.name() + '\n' + warehouse + '\n' + String.join("\u001f", table.namespace().levels()) + '\n' + table.name();
    }
}
