package io.cairn.metadata.governance;

import java.util.Collection;

/** A dataset's data-quality health, from its newest run: one failure fails it; no result leaves it unknown. */
public enum Health {
    PASSING,
    FAILING,
    UNKNOWN;

    public static Health of(Collection<Boolean> outcomes) {
        if (outcomes.isEmpty()) {
            return UNKNOWN;
        }
        return outcomes.stream().allMatch(Boolean.TRUE::equals) ? PASSING : FAILING;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
