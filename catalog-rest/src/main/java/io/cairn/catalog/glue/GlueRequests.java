package io.cairn.catalog.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.catalog.glue.GlueShapes.BatchUpdatePartitionRequestEntry;
import io.cairn.catalog.glue.GlueShapes.DatabaseInput;
import io.cairn.catalog.glue.GlueShapes.PartitionInput;
import io.cairn.catalog.glue.GlueShapes.PartitionValueList;
import io.cairn.catalog.glue.GlueShapes.PropertyPredicate;
import io.cairn.catalog.glue.GlueShapes.SortCriterion;
import io.cairn.catalog.glue.GlueShapes.TableInput;
import java.util.List;
import java.util.Map;

/** The request of each operation Cairn serves, member for member as the Glue API defines it. */
public final class GlueRequests {

    private GlueRequests() {
    }

    public record CreateDatabase(String catalogId, DatabaseInput databaseInput, Map<String, String> tags) {
    }

    public record GetDatabase(String catalogId, String name) {
    }

    public record GetDatabases(String catalogId, String nextToken, Integer maxResults, String resourceShareType,
                               List<String> attributesToGet) {
    }

    public record UpdateDatabase(String catalogId, String name, DatabaseInput databaseInput) {
    }

    public record DeleteDatabase(String catalogId, String name) {
    }

    public record CreateTable(String catalogId, String databaseName, TableInput tableInput, JsonNode partitionIndexes,
                              String transactionId, JsonNode openTableFormatInput) {
    }

    public record GetTable(String catalogId, String databaseName, String name, String transactionId, Double queryAsOfTime,
                           Boolean includeStatusDetails, JsonNode auditContext) {
    }

    public record GetTables(String catalogId, String databaseName, String expression, String nextToken, Integer maxResults,
                            String transactionId, Double queryAsOfTime, Boolean includeStatusDetails,
                            List<String> attributesToGet, JsonNode auditContext) {
    }

    public record UpdateTable(String catalogId, String databaseName, String name, TableInput tableInput, Boolean skipArchive,
                              String transactionId, String versionId, String viewUpdateAction, Boolean force,
                              JsonNode updateOpenTableFormatInput) {
    }

    public record DeleteTable(String catalogId, String databaseName, String name, String transactionId) {
    }

    public record GetTableVersion(String catalogId, String databaseName, String tableName, String versionId) {
    }

    public record GetTableVersions(String catalogId, String databaseName, String tableName, String nextToken,
                                   Integer maxResults) {
    }

    public record DeleteTableVersion(String catalogId, String databaseName, String tableName, String versionId) {
    }

    public record BatchDeleteTableVersion(String catalogId, String databaseName, String tableName, List<String> versionIds) {
    }

    public record CreatePartition(String catalogId, String databaseName, String tableName, PartitionInput partitionInput) {
    }

    public record BatchCreatePartition(String catalogId, String databaseName, String tableName,
                                       List<PartitionInput> partitionInputList) {
    }

    public record GetPartition(String catalogId, String databaseName, String tableName, List<String> partitionValues) {
    }

    public record BatchGetPartition(String catalogId, String databaseName, String tableName,
                                    List<PartitionValueList> partitionsToGet, JsonNode auditContext) {
    }

    public record UpdatePartition(String catalogId, String databaseName, String tableName, List<String> partitionValueList,
                                  PartitionInput partitionInput) {
    }

    public record BatchUpdatePartition(String catalogId, String databaseName, String tableName,
                                       List<BatchUpdatePartitionRequestEntry> entries) {
    }

    public record DeletePartition(String catalogId, String databaseName, String tableName, List<String> partitionValues) {
    }

    public record BatchDeletePartition(String catalogId, String databaseName, String tableName,
                                       List<PartitionValueList> partitionsToDelete) {
    }

    public record GetPartitions(String catalogId, String databaseName, String tableName, String expression,
                                String nextToken, JsonNode segment, Integer maxResults, Boolean excludeColumnSchema,
                                String transactionId, Double queryAsOfTime, JsonNode auditContext) {
    }

    public record SearchTables(String catalogId, String nextToken, List<PropertyPredicate> filters, String searchText,
                               List<SortCriterion> sortCriteria, Integer maxResults, String resourceShareType,
                               Boolean includeStatusDetails) {
    }

    public record TagResource(String resourceArn, Map<String, String> tagsToAdd) {
    }

    public record UntagResource(String resourceArn, List<String> tagsToRemove) {
    }

    public record GetTags(String resourceArn) {
    }
}
