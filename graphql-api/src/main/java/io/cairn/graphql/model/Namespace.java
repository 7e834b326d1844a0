package io.cairn.graphql.model;

import java.util.List;

/** A catalog namespace; {@code key} is how the catalog stores its levels, used to list its tables. */
public record Namespace(String urn, String warehouse, List<String> levels, String key, String propertiesJson) implements Node {

    public Namespace {
        levels = List.copyOf(levels);
    }

    public String name() {
        return String.join(".", levels);
    }

    @Override
    public String type() {
        return "NAMESPACE";
    }
}
