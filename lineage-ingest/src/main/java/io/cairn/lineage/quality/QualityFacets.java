package io.cairn.lineage.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.model.DatasetInfo;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.governance.AssertionKind;
import io.cairn.metadata.governance.AssertionResult;
import io.cairn.metadata.governance.QualityMetric;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads OpenLineage's quality facets of one dataset: {@code dataQualityAssertions} (assertion, success, column) and
 * {@code dataQualityMetrics} (rowCount, bytes, fileCount and {@code columnMetrics}: nullCount, distinctCount, sum,
 * count, min, max, quantiles). Producers put them among input facets (the spec) or dataset facets (some
 * integrations); both are read. An entry that is malformed is skipped, never fatal: the event itself was valid.
 */
final class QualityFacets {

    private static final Logger LOG = LoggerFactory.getLogger(QualityFacets.class);
    private static final List<String> DATASET_METRICS = List.of("rowCount", "bytes", "fileCount");
    private static final List<String> COLUMN_METRICS = List.of("nullCount", "distinctCount", "sum", "count", "min", "max");

    /** What the facets of one dataset say. */
    record Observed(List<AssertionResult> results, List<QualityMetric> metrics) {
    }

    private final ObjectMapper mapper;

    QualityFacets(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static boolean mayCarryQuality(DatasetInfo dataset) {
        return has(dataset, "dataQualityAssertions") || has(dataset, "dataQualityMetrics");
    }

    Observed read(DatasetInfo dataset) {
        List<AssertionResult> results = new ArrayList<>();
        List<QualityMetric> metrics = new ArrayList<>();
        facet(dataset, "dataQualityAssertions").ifPresent(facet -> {
            for (JsonNode entry : facet.path("assertions")) {
                assertion(entry).ifPresent(results::add);
            }
        });
        facet(dataset, "dataQualityMetrics").ifPresent(facet -> {
            for (String name : DATASET_METRICS) {
                metric(null, name, facet.get(name)).ifPresent(metrics::add);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = facet.path("columnMetrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> column = it.next();
                for (String name : COLUMN_METRICS) {
                    metric(column.getKey(), name, column.getValue().get(name)).ifPresent(metrics::add);
                }
                for (Iterator<Map.Entry<String, JsonNode>> q = column.getValue().path("quantiles").fields(); q.hasNext(); ) {
                    Map.Entry<String, JsonNode> quantile = q.next();
                    metric(column.getKey(), "quantile_" + quantile.getKey(), quantile.getValue()).ifPresent(metrics::add);
                }
            }
        });
        return new Observed(results, metrics);
    }

    /** The id names the check and its column ({@code not_null:id}), so the same check on two columns is two assertions. */
    private static java.util.Optional<AssertionResult> assertion(JsonNode entry) {
        JsonNode name = entry.get("assertion");
        JsonNode success = entry.get("success");
        if (name == null || !name.isTextual() || name.asText().isBlank() || success == null || !success.isBoolean()) {
            return java.util.Optional.empty();
        }
        String column = entry.hasNonNull("column") && entry.get("column").isTextual() ? entry.get("column").asText() : null;
        String id = column == null ? name.asText() : name.asText() + ":" + column;
        String actual = entry.hasNonNull("actual") ? entry.get("actual").asText() : null;
        try {
            return java.util.Optional.of(new AssertionResult(id, kind(name.asText()), column, success.asBoolean(), actual));
        } catch (InvalidAspectException tooLong) {
            LOG.debug("Skipping a quality assertion: {}", tooLong.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** dbt, Great Expectations and Soda name checks freely; the common ones map to Cairn's kinds, the rest are OTHER. */
    static AssertionKind kind(String assertion) {
        String name = assertion.toLowerCase(Locale.ROOT);
        if (name.contains("not_null") || name.contains("not_be_null") || name.contains("no_null") || name.contains("null_count")) {
            return AssertionKind.NOT_NULL;
        }
        if (name.contains("unique")) {
            return AssertionKind.UNIQUE;
        }
        if (name.contains("row_count")) {
            return AssertionKind.ROW_COUNT;
        }
        if (name.contains("between") || name.contains("range") || name.contains("accepted_values")) {
            return AssertionKind.RANGE;
        }
        if (name.contains("fresh")) {
            return AssertionKind.FRESHNESS;
        }
        if (name.contains("sql")) {
            return AssertionKind.CUSTOM_SQL;
        }
        return AssertionKind.OTHER;
    }

    private static java.util.Optional<QualityMetric> metric(String column, String name, JsonNode value) {
        if (value == null || !value.isNumber()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new QualityMetric(column, name, new BigDecimal(value.asText())));
        } catch (RuntimeException unusable) {
            return java.util.Optional.empty();
        }
    }

    private java.util.Optional<JsonNode> facet(DatasetInfo dataset, String key) {
        String json = dataset.ioFacets().getOrDefault(key, dataset.facets().get(key));
        if (json == null) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(json);
            return node.isObject() ? java.util.Optional.of(node) : java.util.Optional.empty();
        } catch (IOException unreadable) {
            return java.util.Optional.empty();
        }
    }

    private static boolean has(DatasetInfo dataset, String key) {
        return dataset.ioFacets().containsKey(key) || dataset.facets().containsKey(key);
    }
}
