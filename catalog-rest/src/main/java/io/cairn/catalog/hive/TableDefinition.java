package io.cairn.catalog.hive;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a client says about a table when it creates or updates it (Hive's {@code Table} and Glue's
 * {@code TableInput} without the names): type, owner, description, storage, partition keys, parameters and view
 * text. Times and version ids are the store's and are not part of it.
 *
 * <p>A definition whose parameters say {@code table_type=ICEBERG} (any case) and carry {@code metadata_location}
 * describes an Iceberg table: creating it registers that metadata file with the Iceberg catalog.
 */
public record TableDefinition(TableType tableType, String owner, String description, StorageDescriptor storage,
                              List<HiveColumn> partitionKeys, Map<String, String> parameters, String viewOriginalText,
                              String viewExpandedText, int retention, long lastAccessTime) {

    public static final String TABLE_TYPE = "table_type";
    public static final String METADATA_LOCATION = "metadata_location";
    public static final String PREVIOUS_METADATA_LOCATION = "previous_metadata_location";
    public static final String ICEBERG = "ICEBERG";

    public TableDefinition {
        Objects.requireNonNull(tableType, "tableType");
        storage = storage == null ? StorageDescriptor.of(List.of(), null) : storage;
        partitionKeys = Maps.copy(partitionKeys);
        parameters = Maps.copy(parameters);
    }

    /** Whether the parameters describe an Iceberg table ({@code table_type=ICEBERG}). */
    public boolean isIceberg() {
        String type = parameters.get(TABLE_TYPE);
        return type != null && type.toUpperCase(Locale.ROOT).equals(ICEBERG);
    }

    /** The {@code metadata_location} parameter, if set. */
    public String metadataLocation() {
        String location = parameters.get(METADATA_LOCATION);
        return location == null || location.isBlank() ? null : location;
    }

    public TableDefinition withStorage(StorageDescriptor newStorage) {
        return new TableDefinition(tableType, owner, description, newStorage, partitionKeys, parameters, viewOriginalText,
                viewExpandedText, retention, lastAccessTime);
    }
}
