package io.cairn.metadata.governance;

/** What a data-quality assertion checks (OpenLineage's dataQualityAssertions use free names; unknown ones are OTHER). */
public enum AssertionKind {
    NOT_NULL,
    UNIQUE,
    RANGE,
    ROW_COUNT,
    FRESHNESS,
    CUSTOM_SQL,
    OTHER
}
