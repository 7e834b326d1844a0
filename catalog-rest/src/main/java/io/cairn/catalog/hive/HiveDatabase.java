package io.cairn.catalog.hive;

import java.util.Map;
import java.util.Objects;

/**
 * A database: a one-level namespace of the catalog. {@code parameters} are the namespace properties other than
 * {@code comment} (the description) and {@code location} (the location URI).
 */
public record HiveDatabase(String name, String description, String locationUri, Map<String, String> parameters) {

    public static final String COMMENT = "comment";
    public static final String LOCATION = "location";

    public HiveDatabase {
        Objects.requireNonNull(name, "name");
        parameters = Maps.copy(parameters);
    }
}
