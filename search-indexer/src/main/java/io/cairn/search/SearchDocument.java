package io.cairn.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One entity's search document; {@code source == null} means the entity is gone and its document is deleted. */
public record SearchDocument(SearchIndex index, String urn, ObjectNode source) {

    public SearchDocument {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(urn, "urn");
    }

    public static SearchDocument deleted(SearchIndex index, String urn) {
        return new SearchDocument(index, urn, null);
    }

    public boolean isDeletion() {
        return source == null;
    }
}
