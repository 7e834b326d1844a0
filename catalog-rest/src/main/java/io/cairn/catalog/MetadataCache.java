package io.cairn.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
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

    /** Bytes of metadata JSON held, of files this process wrote and made current. */
    private static final long MAX_JSON_BYTES = 64L * 1024 * 1024;

    private final Cache<String, TableMetadata> tables = Caffeine.newBuilder()
            .maximumWeight(MAX_WEIGHT)
            .weigher((String location, TableMetadata metadata) ->
                    1 + metadata.snapshots().size() + metadata.previousFiles().size() + metadata.schemas().size())
            .build();

    /** The text of the metadata files commits made current: an answer quotes it instead of serializing again. */
    private final Cache<String, byte[]> texts = Caffeine.newBuilder()
            .maximumWeight(MAX_JSON_BYTES)
            .weigher((String location, byte[] json) -> location.length() + json.length)
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

    /**
     * Keeps the metadata a commit has just made current at {@code metadataLocation}, as reading that file back would
     * give it (its location set, no pending changes): the commit's answer and the engine's next load would otherwise
     * parse the file it was written from (measured: a third of a commit's request time with a few hundred snapshots).
     * {@code base} is the metadata the commit replaced (null for a new table), {@code json} the text written to the
     * file, UTF-8 before any compression (null if not known).
     */
    void committed(TableMetadata base, String metadataLocation, TableMetadata metadata, byte[] json) {
        tables.put(metadataLocation, TableMetadata.buildFrom(metadata).withMetadataLocation(metadataLocation)
                .discardChanges().build());
        if (json != null) {
            texts.put(metadataLocation, json);
        }
        // The file the commit replaced is hardly ever read again; left in, such files would fill the cache, and its
        // admission policy then turns away the new, current ones (measured: every commit parsed its own file again).
        if (base != null && base.metadataFileLocation() != null && !base.metadataFileLocation().equals(metadataLocation)) {
            tables.invalidate(base.metadataFileLocation());
            texts.invalidate(base.metadataFileLocation());
        }
    }

    /**
     * The JSON text (UTF-8, never to be modified) of the metadata file at {@code metadataLocation}, if a commit of this
     * process wrote it and it is still current: what {@code TableMetadataParser.toJson} gives for its metadata.
     */
    public Optional<byte[]> json(String metadataLocation) {
        return Optional.ofNullable(texts.getIfPresent(metadataLocation));
    }
}
