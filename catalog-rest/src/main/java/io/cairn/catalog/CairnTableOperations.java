package io.cairn.catalog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.EntryKind;
import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.util.JsonUtil;

/**
 * A table's operations: metadata files go through FileIO to the table location; a commit is a compare-and-swap of
 * the metadata location in Neo4j, in the same transaction that updates the data set node and appends change events.
 */
final class CairnTableOperations extends BaseMetastoreTableOperations {

    /** As many attempts as Iceberg's own default: an object store may not show a just-written file at once. */
    private static final int METADATA_READ_RETRIES = 20;

    private final CatalogContext context;
    private final TableIdentifier identifier;
    private final List<String> namespace;
    /** Operations serve one request (one thread); a retried commit writes again and replaces this. */
    private WrittenMetadata lastWritten;
    /** The metadata file {@link #doCommit} just made current, until {@link #commit} has taken it as current. */
    private String committedLocation;

    /** A metadata file's location and its text (UTF-8 JSON, before any compression). */
    private record WrittenMetadata(String location, byte[] json) {
    }

    CairnTableOperations(CatalogContext context, TableIdentifier identifier) {
        this.context = context;
        this.identifier = identifier;
        this.namespace = List.of(identifier.namespace().levels());
    }

    @Override
    protected String tableName() {
        return context.warehouse().name() + "." + identifier;
    }

    @Override
    public FileIO io() {
        return context.io();
    }

    @Override
    protected void doRefresh() {
        Optional<CatalogEntry> entry = context.graph().entry(context.warehouse().name(), namespace, identifier.name())
                .filter(found -> found.kind() == EntryKind.TABLE);
        if (entry.isEmpty()) {
            if (currentMetadataLocation() != null) {
                throw new NoSuchTableException("Table does not exist: %s", identifier);
            }
            disableRefresh();
            return;
        }
        refreshFromMetadataLocation(entry.get().metadataLocation(), null, METADATA_READ_RETRIES,
                location -> context.metadata().table(context.io(), location));
    }

    /**
     * Iceberg's commit, then the refresh it asks for answered from the commit itself: the file this commit made
     * current is what the caller (the REST answer, a transaction) must see, and looking the entry up in Neo4j again
     * was a read per commit that could only return this file or a later writer's.
     */
    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        committedLocation = null;
        super.commit(base, metadata);
        String committed = committedLocation;
        committedLocation = null;
        if (committed != null) {
            refreshFromMetadataLocation(committed, null, METADATA_READ_RETRIES,
                    location -> context.metadata().table(context.io(), location));
        }
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
        boolean newTable = base == null;
        String newLocation = writeNewMetadataIfRequired(newTable, metadata);
        boolean written = newTable ? metadata.metadataFileLocation() == null : true;
        try {
            swap(base, newLocation, metadata);
        } catch (CommitFailedException | AlreadyExistsException | NoSuchNamespaceException | AccessDeniedException
                 | IdempotencyStore.KeyTakenException known) {
            // Known outcome: nothing was committed, so the file we wrote is garbage.
            if (written) {
                context.io().deleteFile(newLocation);
            }
            throw known;
        } catch (RuntimeException unknown) {
            if (newLocation.equals(currentLocationInStore())) {
                committedLocation = newLocation;
                requestRefresh();
                return;
            }
            throw new CommitStateUnknownException(unknown);
        }
        context.metadata().committed(base, newLocation, metadata, writtenJson(newLocation));
        committedLocation = newLocation;
        requestRefresh();
    }

    /** Writes the metadata file of a change prepared outside (a multi-table transaction); returns its location. */
    String writeMetadata(TableMetadata metadata) {
        return writeNewMetadataIfRequired(false, metadata);
    }

    /**
     * Writes the file as Iceberg's own {@code writeNewMetadata} does (same name, same codec, same JSON), but
     * serializes once and keeps the text: the commit's answer and the next load quote it instead of serializing the
     * metadata, which grows with every snapshot, twice more (measured: a sixth of a commit's request time).
     */
    @Override
    protected String writeNewMetadata(TableMetadata metadata, int newVersion) {
        TableMetadataParser.Codec codec = TableMetadataParser.Codec.fromName(
                metadata.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT));
        String location = metadataFileLocation(metadata, String.format(Locale.ROOT, "%05d-%s%s", newVersion,
                UUID.randomUUID(), TableMetadataParser.getFileExtension(codec)));
        // The new text is about as long as the current one: sized so, the buffer is not regrown and copied.
        int expectedLength = Optional.ofNullable(currentMetadataLocation()).flatMap(context.metadata()::json)
                .map(current -> current.length + 4096).orElse(16 * 1024);
        byte[] json = json(metadata, expectedLength);
        OutputFile file = io().newOutputFile(location);
        // Overwrite, as Iceberg does: the name is unique, and it avoids an object store's negative caching.
        try (OutputStream stream = file.createOrOverwrite();
             OutputStream out = codec == TableMetadataParser.Codec.GZIP ? new GZIPOutputStream(stream) : stream) {
            out.write(json);
        } catch (IOException e) {
            throw new RuntimeIOException(e, "Failed to write json to file: %s", location);
        }
        lastWritten = new WrittenMetadata(file.location(), json);
        return file.location();
    }

    /** Iceberg's JSON of the metadata, straight to UTF-8 bytes: the file and the answers both want bytes. */
    private static byte[] json(TableMetadata metadata, int expectedLength) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(expectedLength);
        try (JsonGenerator generator = JsonUtil.factory().createGenerator(buffer, JsonEncoding.UTF8)) {
            TableMetadataParser.toJson(metadata, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to serialize table metadata", e);
        }
        return buffer.toByteArray();
    }

    /** The text of the metadata file this instance last wrote, if that is the file at {@code location}. */
    byte[] writtenJson(String location) {
        WrittenMetadata last = lastWritten;
        return last != null && last.location().equals(location) ? last.json() : null;
    }

    /**
     * Makes {@code next} (a metadata file another protocol wrote) current if the current one is {@code expected}: the
     * same compare-and-swap and data set update as {@link #doCommit}.
     */
    void commitLocation(String expected, String next) {
        TableMetadata base = context.metadata().table(context.io(), expected);
        swap(base, next, context.metadata().table(context.io(), next));
    }

    TableIdentifier identifier() {
        return identifier;
    }

    private void swap(TableMetadata base, String newLocation, TableMetadata metadata) {
        context.write(unit -> {
            swap(context, unit, identifier, base, newLocation, metadata);
            return null;
        });
    }

    /**
     * One table's commit inside a unit of work: resolves the dataset its catalog name and location denote (lineage
     * may have created it first, ARCHITECTURE decision 2), swaps the metadata location and records the change.
     */
    static void swap(CatalogContext context, WriteTransaction unit, TableIdentifier identifier, TableMetadata base,
                     String newLocation, TableMetadata metadata) {
        String expected = base == null ? null : base.metadataFileLocation();
        String warehouse = context.warehouse().name();
        List<String> namespace = List.of(identifier.namespace().levels());
        Urn dataset = context.recorder().claimTable(unit, warehouse, namespace, identifier.name(), metadata.location());
        Optional<CatalogEntry> before = context.graph().swap(unit, warehouse, namespace, identifier.name(), EntryKind.TABLE,
                expected, newLocation, dataset);
        boolean sameDataset = before.isPresent() && before.get().dataset().equals(dataset);
        if (before.isPresent() && !sameDataset) {
            context.graph().pointAt(unit, warehouse, namespace, identifier.name(), dataset);
        }
        context.recorder().tableChanged(unit, dataset, warehouse, namespace, identifier.name(), sameDataset ? base : null,
                metadata, newLocation);
        context.produced(newLocation);
    }

    private String currentLocationInStore() {
        try {
            return context.graph().entry(context.warehouse().name(), namespace, identifier.name())
                    .map(CatalogEntry::metadataLocation).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
