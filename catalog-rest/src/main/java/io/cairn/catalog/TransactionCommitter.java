package io.cairn.catalog;

import io.cairn.metadata.auth.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * Commits changes to several tables atomically: every requirement is checked and every new metadata file written
 * first, then all locations are swapped in ONE Neo4j transaction, so either every table moves or none does.
 */
public final class TransactionCommitter {

    /** One table's change: its identifier, requirements and updates, free of the REST models. */
    public record TableChange(TableIdentifier identifier, List<UpdateRequirement> requirements, List<MetadataUpdate> updates) {
        public TableChange {
            requirements = List.copyOf(requirements);
            updates = List.copyOf(updates);
        }
    }

    private record Prepared(CairnTableOperations ops, TableMetadata base, TableMetadata updated, String newLocation) {
    }

    public void commit(CairnCatalog catalog, List<TableChange> changes) {
        CatalogContext context = catalog.context();
        context.actor().require(Role.WRITER);
        Set<TableIdentifier> seen = new HashSet<>();
        for (TableChange change : changes) {
            if (change.identifier() == null) {
                throw new BadRequestException("Invalid table changes: every change of a transaction needs its table identifier");
            }
            if (!seen.add(change.identifier())) {
                throw new BadRequestException("Invalid table changes: table %s appears twice in one transaction", change.identifier());
            }
        }
        List<Prepared> prepared = new ArrayList<>();
        try {
            for (TableChange change : changes) {
                CairnTableOperations ops = (CairnTableOperations) catalog.newTableOps(change.identifier());
                TableMetadata base = ops.refresh();
                if (base == null) {
                    throw new NoSuchTableException("Table does not exist: %s", change.identifier());
                }
                change.requirements().forEach(requirement -> requirement.validate(base));
                TableMetadata.Builder builder = TableMetadata.buildFrom(base);
                change.updates().forEach(update -> update.applyTo(builder));
                TableMetadata updated = builder.build();
                if (updated.changes().isEmpty()) {
                    continue;
                }
                prepared.add(new Prepared(ops, base, updated, ops.writeMetadata(updated)));
            }
            context.write(unit -> {
                for (Prepared table : prepared) {
                    CairnTableOperations.swap(context, unit, table.ops().identifier(), table.base(), table.newLocation(),
                            table.updated());
                }
                return null;
            });
            prepared.forEach(table -> context.metadata().committed(table.base(), table.newLocation(), table.updated(),
                    table.ops().writtenJson(table.newLocation())));
        } catch (org.neo4j.driver.exceptions.Neo4jException failure) {
            // The store may or may not have committed (a failure while committing): never delete, never guess.
            throw new org.apache.iceberg.exceptions.CommitStateUnknownException(failure);
        } catch (RuntimeException failure) {
            // A known outcome: nothing was swapped (one Neo4j transaction), so none of the new files is referenced.
            prepared.forEach(table -> deleteQuietly(context, table.newLocation()));
            throw failure;
        }
    }

    private static void deleteQuietly(CatalogContext context, String location) {
        try {
            context.io().deleteFile(location);
        } catch (RuntimeException ignored) {
            // Garbage in the metadata folder is harmless; the failure of the commit is the news.
        }
    }
}
