package io.cairn.catalog.store;

import io.cairn.metadata.aspect.AspectSet;
import io.cairn.metadata.aspect.AspectSpec;
import io.cairn.metadata.urn.EntityType;
import java.util.EnumSet;
import java.util.List;

/**
 * The aspects the catalog writes (see {@link DatasetRecorder} and {@link CatalogGraph}), for the aspect registry.
 * They hold Iceberg state in the catalog's own shape and change only through the catalog protocols, whose commits are
 * compare-and-swap, so the generic entity API serves them read-only.
 */
public final class CatalogAspectSet {

    private CatalogAspectSet() {
    }

    public static AspectSet aspects() {
        EnumSet<EntityType> datasets = EnumSet.of(EntityType.DATASET);
        return new AspectSet("catalog-rest", List.of(
                AspectSpec.readOnly("namespaceProperties", EnumSet.of(EntityType.NAMESPACE)),
                AspectSpec.readOnly("schema", datasets),
                AspectSpec.readOnly("partitionSpec", datasets),
                AspectSpec.readOnly("datasetProperties", datasets),
                AspectSpec.readOnly("location", datasets),
                AspectSpec.readOnly("catalogIdentity", datasets),
                AspectSpec.readOnly("currentSnapshot", datasets),
                AspectSpec.readOnly("viewDefinition", datasets),
                AspectSpec.readOnly("schemaField", EnumSet.of(EntityType.COLUMN)),
                // Table-level column statistics that engines store through the Hive Metastore API.
                AspectSpec.readOnly("columnStatistics", EnumSet.of(EntityType.COLUMN))));
    }
}
