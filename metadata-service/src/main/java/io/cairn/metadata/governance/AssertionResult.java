package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.InvalidAspectException;

/** The outcome of one assertion in one run; {@code actual} is the observed value when the check reports one. */
public record AssertionResult(String assertion, AssertionKind kind, String column, Boolean success, String actual) {

    public AssertionResult {
        assertion = Checks.name("results[].assertion", assertion, 200);
        if (success == null) {
            throw new InvalidAspectException("results[].success is required");
        }
        kind = kind == null ? AssertionKind.OTHER : kind;
        actual = Checks.text("results[].actual", actual, 4_096);
    }
}
