package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.InvalidAspectException;
import java.math.BigDecimal;

/**
 * One measured value of a dataset or of one of its columns ({@code column} null = the dataset), such as
 * {@code rowCount}, {@code nullCount}, {@code distinctCount}, {@code min}, {@code max} or {@code quantile_0.5}.
 * Metrics are observations, not checks: they never change a dataset's health.
 */
public record QualityMetric(String column, String name, BigDecimal value) {

    public QualityMetric {
        column = column == null ? null : Checks.name("metrics[].column", column, 1_000);
        name = Checks.name("metrics[].name", name, 200);
        if (value == null) {
            throw new InvalidAspectException("metrics[].value is required");
        }
    }
}
