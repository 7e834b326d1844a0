package io.cairn.catalog.glue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Glue's JSON 1.1 shapes (AWS Glue API reference), as records whose components map to Glue's UpperCamelCase member
 * names. Members Cairn accepts but does not act on are typed {@link JsonNode}, so strict parsing still refuses
 * members Glue does not have. These types never leave the {@code glue} package's edge.
 */
public final class GlueShapes {

    private GlueShapes() {
    }

    public record Column(String name, String type, String comment, Map<String, String> parameters) {
    }

    public record SerDeInfo(String name, String serializationLibrary, Map<String, String> parameters) {
    }

    public record Order(String column, Integer sortOrder) {
    }

    public record StorageDescriptor(List<Column> columns, String location, List<String> additionalLocations,
                                    String inputFormat, String outputFormat, Boolean compressed, Integer numberOfBuckets,
                                    SerDeInfo serdeInfo, List<String> bucketColumns, List<Order> sortColumns,
                                    Map<String, String> parameters, JsonNode skewedInfo, Boolean storedAsSubDirectories,
                                    JsonNode schemaReference) {
    }

    public record TableInput(String name, String description, String owner, Double lastAccessTime, Double lastAnalyzedTime,
                             Integer retention, StorageDescriptor storageDescriptor, List<Column> partitionKeys,
                             String viewOriginalText, String viewExpandedText, String tableType,
                             Map<String, String> parameters, JsonNode targetTable, JsonNode viewDefinition) {
    }

    public record Table(String name, String databaseName, String description, String owner, Double createTime,
                        Double updateTime, Double lastAccessTime, Double lastAnalyzedTime, Integer retention,
                        StorageDescriptor storageDescriptor, List<Column> partitionKeys, String viewOriginalText,
                        String viewExpandedText, String tableType, Map<String, String> parameters, String createdBy,
                        Boolean isRegisteredWithLakeFormation, String catalogId, String versionId) {
    }

    public record DatabaseInput(String name, String description, String locationUri, Map<String, String> parameters,
                                JsonNode createTableDefaultPermissions, JsonNode targetDatabase, JsonNode federatedDatabase) {
    }

    public record Database(String name, String description, String locationUri, Map<String, String> parameters,
                           Double createTime, String catalogId) {
    }

    public record PartitionInput(List<String> values, Double lastAccessTime, StorageDescriptor storageDescriptor,
                                 Map<String, String> parameters, Double lastAnalyzedTime) {
    }

    public record Partition(List<String> values, String databaseName, String tableName, Double creationTime,
                            Double lastAccessTime, StorageDescriptor storageDescriptor, Map<String, String> parameters,
                            Double lastAnalyzedTime, String catalogId) {
    }

    public record PartitionValueList(List<String> values) {
    }

    public record ErrorDetail(String errorCode, String errorMessage) {
    }

    public record PartitionError(List<String> partitionValues, ErrorDetail errorDetail) {
    }

    public record TableVersion(Table table, String versionId) {
    }

    public record TableVersionError(String tableName, String versionId, ErrorDetail errorDetail) {
    }

    public record PropertyPredicate(String key, String value, String comparator) {
    }

    public record SortCriterion(String fieldName, String sort) {
    }

    public record BatchUpdatePartitionRequestEntry(List<String> partitionValueList, PartitionInput partitionInput) {
    }

    public record BatchUpdatePartitionFailureEntry(List<String> partitionValueList, ErrorDetail errorDetail) {
    }
}
