package io.cairn.catalog.hive;

import java.util.List;

/**
 * One page of a listing. {@code nextToken} is opaque to callers; null when there is nothing more. Tokens stay valid
 * while the listing changes: they name the last key returned, not a position.
 */
public record Page<T>(List<T> items, String nextToken) {

    public Page {
        items = List.copyOf(items);
    }
}
