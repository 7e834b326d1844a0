package io.cairn.catalog.hive;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client says about a partition: its values (one per partition key, in key order, as strings), its storage
 * and parameters. Without a storage location, the partition gets {@code <table location>/<k1=v1>/<k2=v2>}.
 */
public record PartitionDefinition(List<String> values, StorageDescriptor storage, Map<String, String> parameters,
                                  long lastAccessTime) {

    public PartitionDefinition {
        Objects.requireNonNull(values, "values");
        for (String value : values) {
            if (value == null) {
                throw new InvalidObjectException("partition values cannot be null");
            }
        }
        values = List.copyOf(values);
        storage = storage == null ? StorageDescriptor.of(List.of(), null) : storage;
        parameters = Maps.copy(parameters);
    }

    public PartitionDefinition withStorage(StorageDescriptor newStorage) {
        return new PartitionDefinition(values, newStorage, parameters, lastAccessTime);
    }
}
