package io.cairn.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The facets search offers, by the name used in {@code filter=} and in answers, and the field each counts. */
public final class Facets {

    public static final Map<String, String> FIELDS;

    static {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", "type");
        fields.put("platform", "platform");
        fields.put("namespace", "namespace");
        fields.put("owner", "owners");
        fields.put("tag", "tags");
        fields.put("term", "terms");
        fields.put("domain", "domain");
        fields.put("health", "health");
        FIELDS = java.util.Collections.unmodifiableMap(fields);
    }

    private Facets() {
    }

    public static Optional<String> field(String facet) {
        return Optional.ofNullable(FIELDS.get(facet));
    }
}
