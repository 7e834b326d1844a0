package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The results of one quality run on a dataset. Each run is a new version of the {@code qualityResults} aspect, so the
 * aspect history is the run history; health is derived from the newest run ({@link #health()}).
 */
public record QualityRun(String runId, String at, List<AssertionResult> results) implements AspectValue {

    public QualityRun {
        runId = Checks.name("qualityRun.runId", runId, 200);
        if (at == null) {
            throw new InvalidAspectException("qualityRun.at is required (an ISO-8601 instant)");
        }
        try {
            at = Instant.parse(at).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidAspectException("qualityRun.at '" + at + "' is not an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
        if (results == null) {
            throw new InvalidAspectException("qualityRun.results is required");
        }
        if (results.size() > 10_000) {
            throw new InvalidAspectException("more than 10000 results in one run");
        }
        results = List.copyOf(results);
    }

    public Health health() {
        return Health.of(results.stream().map(AssertionResult::success).toList());
    }
}
