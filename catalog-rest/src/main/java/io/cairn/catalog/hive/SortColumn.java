package io.cairn.catalog.hive;

import java.util.Objects;

/** A bucket sort column; {@code order} is Hive's: 1 ascending, 0 descending. */
public record SortColumn(String column, int order) {

    public SortColumn {
        Objects.requireNonNull(column, "column");
    }
}
