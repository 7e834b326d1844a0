package io.cairn.catalog;

import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.EntryKind;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.urn.Urn;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/**
 * A table's operations: metadata files go through FileIO to the table location; a commit is a compare-and-swap of
 * the metadata location in Neo4j, in the same transaction that updates the data set node and appends change events.
 */
final class CairnTableOperations extends BaseMetastoreTableOperations {

    private final CatalogContext context;
    private final TableIdentifier identifier;
    private final List<String> namespace;

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
        refreshFromMetadataLocation(entry.get().metadataLocation());
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
        boolean newTable = base == null;
        String newLocation = writeNewMetadataIfRequired(newTable, metadata);
        String expected = newTable ? null : base.metadataFileLocation();
        boolean written = newTable ? metadata.metadataFileLocation() == null : true;
        try {
            swap(expected, newLocation, metadata);
        } catch (CommitFailedException | AlreadyExistsException | NoSuchNamespaceException | AccessDeniedException known) {
            // Known outcome: nothing was committed, so the file we wrote is garbage.
            if (written) {
                context.io().deleteFile(newLocation);
            }
            throw known;
        } catch (RuntimeException unknown) {
            if (newLocation.equals(currentLocationInStore())) {
                requestRefresh();
                return;
            }
            throw new CommitStateUnknownException(unknown);
        }
        requestRefresh();
    }

    /** Writes the metadata file of a change prepared outside (a multi-table transaction); returns its location. */
    String writeMetadata(TableMetadata metadata) {
        return writeNewMetadataIfRequired(false, metadata);
    }

    /**
     * Makes {@code next} (a metadata file another protocol wrote) current if the current one is {@code expected}: the
     * same compare-and-swap and data set update as {@link #doCommit}.
     */
    void commitLocation(String expected, String next) {
        swap(expected, next, org.apache.iceberg.TableMetadataParser.read(io(), next));
    }

    TableIdentifier identifier() {
        return identifier;
    }

    private void swap(String expected, String newLocation, TableMetadata metadata) {
        context.write(unit -> {
            String warehouse = context.warehouse().name();
            Urn fresh = Urn.dataset(UUID.randomUUID());
            Optional<CatalogEntry> before = context.graph().swap(unit, warehouse, namespace, identifier.name(), EntryKind.TABLE,
                    expected, newLocation, fresh);
            Urn dataset = before.map(CatalogEntry::dataset).orElse(fresh);
            context.recorder().tableChanged(unit, dataset, warehouse, namespace, identifier.name(), metadata, newLocation);
            return null;
        });
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
