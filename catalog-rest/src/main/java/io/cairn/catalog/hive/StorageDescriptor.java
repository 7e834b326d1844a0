package io.cairn.catalog.hive;

import java.util.List;
import java.util.Map;

/**
 * Where and how a table's or partition's data is stored, as Hive's {@code StorageDescriptor} and Glue's share it:
 * the data columns (partition keys are not among them), location, input/output format, SerDe, bucketing and
 * parameters. Any part may be absent (null or empty), as both protocols allow.
 */
public record StorageDescriptor(List<HiveColumn> columns, String location, String inputFormat, String outputFormat,
                                boolean compressed, int numberOfBuckets, SerDeInfo serDe, List<String> bucketColumns,
                                List<SortColumn> sortColumns, Map<String, String> parameters,
                                boolean storedAsSubDirectories) {

    public StorageDescriptor {
        columns = Maps.copy(columns);
        bucketColumns = Maps.copy(bucketColumns);
        sortColumns = Maps.copy(sortColumns);
        parameters = Maps.copy(parameters);
    }

    /** Only columns and a location. */
    public static StorageDescriptor of(List<HiveColumn> columns, String location) {
        return new StorageDescriptor(columns, location, null, null, false, 0, null, List.of(), List.of(), Map.of(), false);
    }

    public StorageDescriptor withLocation(String newLocation) {
        return new StorageDescriptor(columns, newLocation, inputFormat, outputFormat, compressed, numberOfBuckets, serDe,
                bucketColumns, sortColumns, parameters, storedAsSubDirectories);
    }
}
