package io.cairn.metadata.governance;

import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one run observed about one dataset: assertion outcomes and metrics (either may be empty). Producers such as
 * OpenLineage report these; {@link QualityLedger} turns them into assertions, run results and health.
 */
public record ObservedQuality(Urn dataset, String runId, Instant at, List<AssertionResult> results, List<QualityMetric> metrics) {

    public ObservedQuality {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        results = List.copyOf(results);
        metrics = List.copyOf(metrics);
    }

    public boolean isEmpty() {
        return results.isEmpty() && metrics.isEmpty();
    }
}
