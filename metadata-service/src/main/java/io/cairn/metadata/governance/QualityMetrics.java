package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;

/** The newest profile of a dataset (row count, per-column null and distinct counts, min, max...), from one run. */
public record QualityMetrics(String runId, String at, List<QualityMetric> metrics) implements AspectValue {

    public static final int MAX_METRICS = 10_000;

    public QualityMetrics {
        runId = Checks.name("qualityMetrics.runId", runId, 200);
        if (at == null) {
            throw new InvalidAspectException("qualityMetrics.at is required (an ISO-8601 instant)");
        }
        try {
            at = Instant.parse(at).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidAspectException("qualityMetrics.at '" + at + "' is not an ISO-8601 instant");
        }
        if (metrics == null) {
            throw new InvalidAspectException("qualityMetrics.metrics is required");
        }
        if (metrics.size() > MAX_METRICS) {
            throw new InvalidAspectException("more than " + MAX_METRICS + " metrics in one run");
        }
        // One canonical order, so the same profile always serialises the same way and a replay writes nothing.
        metrics = metrics.stream().sorted(Comparator.comparing((QualityMetric m) -> m.column() == null ? "" : m.column())
                .thenComparing(QualityMetric::name)).toList();
    }
}
