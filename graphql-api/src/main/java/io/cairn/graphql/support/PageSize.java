package io.cairn.graphql.support;

import io.cairn.graphql.error.GraphQlInputException;

/** Checks {@code first}: at least 1, at most the field's maximum (more is LIMIT_EXCEEDED), a default when omitted. */
public final class PageSize {

    private PageSize() {
    }

    public static int of(Integer first, int defaultSize, int max) {
        if (first == null) {
            return defaultSize;
        }
        if (first < 1) {
            throw GraphQlInputException.badInput("first must be at least 1");
        }
        if (first > max) {
            throw GraphQlInputException.limitExceeded("first is " + first + "; pages hold at most " + max);
        }
        return first;
    }
}
