package io.cairn.catalog.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.iceberg.rest.RESTCatalogProperties;

/**
 * Serialized loadTable answers by metadata location and snapshot mode. Without vended credentials an answer is a
 * function of the metadata file alone, which never changes once written, so a load of an unchanged table skips
 * reading, parsing and serializing its metadata. Answers that carry credentials are never kept.
 */
final class LoadTableBodies {

    /** Bounded by characters held: metadata of a table with a long history runs to megabytes. */
    private static final long MAX_CHARS = 64L * 1024 * 1024;

    private final Cache<String, String> bodies = Caffeine.newBuilder()
            .maximumWeight(MAX_CHARS)
            .weigher((String key, String body) -> key.length() + body.length())
            .build();

    String get(String metadataLocation, RESTCatalogProperties.SnapshotMode mode) {
        return bodies.getIfPresent(key(metadataLocation, mode));
    }

    void put(String metadataLocation, RESTCatalogProperties.SnapshotMode mode, String body) {
        bodies.put(key(metadataLocation, mode), body);
    }

    private static String key(String metadataLocation, RESTCatalogProperties.SnapshotMode mode) {
        return mode.name() + '\n' + metadataLocation;
    }
}
