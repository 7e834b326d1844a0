package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.InvalidAspectException;
import java.util.Map;
import java.util.TreeMap;

/** One data-quality check on a dataset, optionally on one column; {@code parameters} hold bounds, SQL and the like. */
public record Assertion(String id, AssertionKind kind, String column, String description, Map<String, String> parameters) {

    public Assertion {
        id = Checks.name("assertions[].id", id, 200);
        if (kind == null) {
            throw new InvalidAspectException("assertions[].kind is required (NOT_NULL, UNIQUE, RANGE, ROW_COUNT, FRESHNESS, CUSTOM_SQL or OTHER)");
        }
        column = column == null ? null : Checks.name("assertions[].column", column, 1_000);
        description = Checks.text("assertions[].description", description, 16_384);
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }
}
