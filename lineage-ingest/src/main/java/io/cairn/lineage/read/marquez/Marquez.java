package io.cairn.lineage.read.marquez;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Marquez's read API shapes ({@code /api/v1/namespaces/...}, {@code /api/v1/jobs/runs/{id}}), so Marquez clients and
 * its web UI read Cairn unchanged. Times are ISO-8601 strings; facets are the facet JSON as producers sent it.
 */
public final class Marquez {

    private Marquez() {
    }

    public record Namespace(String name, String createdAt, String updatedAt, String ownerName, String description,
                            @JsonProperty("isHidden") boolean isHidden) {
    }

    public record NamespaceList(List<Namespace> namespaces, int totalCount) {
    }

    public record DatasetId(String namespace, String name) {
    }

    public record Field(String name, String type, List<String> tags, String description) {
    }

    public record Dataset(DatasetId id, String type, String name, String physicalName, String createdAt, String updatedAt,
                          String namespace, String sourceName, List<Field> fields, List<String> tags, String lastModifiedAt,
                          String lastLifecycleState, String description, String currentVersion, Map<String, JsonNode> facets,
                          boolean deleted, String urn) {
    }

    public record DatasetList(int totalCount, List<Dataset> datasets) {
    }

    public record JobId(String namespace, String name) {
    }

    public record JobVersionId(String namespace, String name, String version) {
    }

    public record DatasetVersion(DatasetVersionId datasetVersionId, Map<String, JsonNode> facets) {
    }

    public record DatasetVersionId(String namespace, String name, String version) {
    }

    public record Run(String id, String createdAt, String updatedAt, String nominalStartTime, String nominalEndTime, String state,
                      String startedAt, String endedAt, Long durationMs, Map<String, String> args, JobVersionId jobVersion,
                      List<DatasetVersion> inputDatasetVersions, List<DatasetVersion> outputDatasetVersions,
                      Map<String, String> context, Map<String, JsonNode> facets) {
    }

    public record RunList(int totalCount, List<Run> runs) {
    }

    public record Job(JobId id, String type, String name, String simpleName, String parentJobName, String createdAt,
                      String updatedAt, String namespace, List<DatasetId> inputs, List<DatasetId> outputs, String location,
                      String description, Run latestRun, Map<String, JsonNode> facets, String currentVersion,
                      List<String> labels, List<String> tags, String urn) {
    }

    public record JobList(int totalCount, List<Job> jobs) {
    }
}
