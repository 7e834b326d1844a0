package io.cairn.catalog.hive;

import java.util.Map;
import java.util.Objects;

/**
 * A column as Hive and Glue describe it: a name, a Hive type string ({@code bigint}, {@code decimal(10,2)},
 * {@code array<struct<a:int>>}), an optional comment and free-form parameters (Glue's {@code Column.Parameters}).
 */
public record HiveColumn(String name, String type, String comment, Map<String, String> parameters) {

    public HiveColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        parameters = Maps.copy(parameters);
    }

    public static HiveColumn of(String name, String type, String comment) {
        return new HiveColumn(name, type, comment, Map.of());
    }
}
