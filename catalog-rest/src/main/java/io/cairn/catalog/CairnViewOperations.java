package io.cairn.catalog;

import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.EntryKind;
import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.urn.Urn;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseViewOperations;
import org.apache.iceberg.view.ViewMetadata;

/** A view's operations: the same compare-and-swap as tables, on a catalog entry of kind VIEW. */
final class CairnViewOperations extends BaseViewOperations {

    private final CatalogContext context;
    private final TableIdentifier identifier;
    private final List<String> namespace;

    CairnViewOperations(CatalogContext context, TableIdentifier identifier) {
        this.context = context;
        this.identifier = identifier;
        this.namespace = List.of(identifier.namespace().levels());
    }

    @Override
    protected String viewName() {
        return context.warehouse().name() + "." + identifier;
    }

    @Override
    protected FileIO io() {
        return context.io();
    }

    @Override
    protected void doRefresh() {
        Optional<CatalogEntry> entry = context.graph().entry(context.warehouse().name(), namespace, identifier.name())
                .filter(found -> found.kind() == EntryKind.VIEW);
        if (entry.isEmpty()) {
            if (currentMetadataLocation() != null) {
                throw new NoSuchViewException("View does not exist: %s", identifier);
            }
            disableRefresh();
            return;
        }
        refreshFromMetadataLocation(entry.get().metadataLocation());
    }

    @Override
    protected void doCommit(ViewMetadata base, ViewMetadata metadata) {
        boolean written = metadata.metadataFileLocation() == null;
        String newLocation = writeNewMetadataIfRequired(metadata);
        String expected = base == null ? null : currentMetadataLocation();
        try {
            context.write(unit -> {
                String warehouse = context.warehouse().name();
                Urn dataset = context.recorder().claimView(unit, warehouse, namespace, identifier.name());
                Optional<CatalogEntry> before = context.graph().swap(unit, warehouse, namespace, identifier.name(), EntryKind.VIEW,
                        expected, newLocation, dataset);
                if (before.isPresent() && !before.get().dataset().equals(dataset)) {
                    context.graph().pointAt(unit, warehouse, namespace, identifier.name(), dataset);
                }
                context.recorder().viewChanged(unit, dataset, warehouse, namespace, identifier.name(), metadata, newLocation);
                context.produced(newLocation);
                return null;
            });
        } catch (CommitFailedException | AlreadyExistsException | NoSuchNamespaceException | AccessDeniedException
                 | IdempotencyStore.KeyTakenException known) {
            if (written) {
                context.io().deleteFile(newLocation);
            }
            throw known;
        } catch (RuntimeException unknown) {
            String stored = context.graph().entry(context.warehouse().name(), namespace, identifier.name())
                    .map(CatalogEntry::metadataLocation).orElse(null);
            if (!newLocation.equals(stored)) {
                throw new CommitStateUnknownException(unknown);
            }
        }
        requestRefresh();
    }
}
