package io.cairn.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;

/**
 * Parsed table metadata by metadata file location. A metadata file is never rewritten once a commit made it
 * current, so an entry cannot go stale; the cache only saves reading and parsing it again on every load and commit.
 */
public final class MetadataCache {

    /**
     * Bounded by the parts that make metadata big (snapshots, the metadata log, schemas), about a kilobyte each: a
     * table with a long history weighs thousands, a young one a handful, so the bound holds around 100 MB at most.
     */
    private static final long MAX_WEIGHT = 100_000;

    private final Cache<String, TableMetadata> tables = Caffeine.newBuilder()
            .maximumWeight(MAX_WEIGHT)
            .weigher((String location, TableMetadata metadata) ->
                    1 + metadata.snapshots().size() + metadata.previousFiles().size() + metadata.schemas().size())
            .build();

    /**
     * The metadata at {@code metadataLocation}. A cached entry is only served while its file still exists: a file
     * deleted under the catalog must fail the load as reading it would (Iceberg's {@code NotFoundException}).
     */
    TableMetadata table(FileIO io, String metadataLocation) {
        TableMetadata cached = tables.getIfPresent(metadataLocation);
        if (cached != null && io.newInputFile(metadataLocation).exists()) {
            return cached;
        }
        tables.invalidate(metadataLocation);
        return tables.get(metadataLocation, location -> TableMetadataParser.read(io, location));
    }
}
