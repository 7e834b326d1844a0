package io.cairn.metadata.aspect;

import io.cairn.metadata.urn.EntityType;
import java.util.Objects;
import java.util.Set;

/**
 * Declares an aspect: its name, the immutable value type that holds it, and the entity types it applies to.
 * Aspect values are stored as JSON; the value type is the schema (unknown fields are refused at the edge).
 * {@code writable} says whether the generic entity API may write it: aspects whose writes check references or
 * keep protocol state (governance, the Iceberg catalog) are written only through their own API and read anywhere.
 */
public record AspectSpec<T extends AspectValue>(String name, Class<T> valueType, Set<EntityType> entityTypes, boolean writable) {

    /** An aspect that the generic entity API may write. */
    public AspectSpec(String name, Class<T> valueType, Set<EntityType> entityTypes) {
        this(name, valueType, entityTypes, true);
    }

    /** An aspect that only its own module writes, in its own shape; the entity API serves it read-only. */
    public static AspectSpec<StoredJson> readOnly(String name, Set<EntityType> entityTypes) {
        return new AspectSpec<>(name, StoredJson.class, entityTypes, false);
    }

    /** The same aspect, read-only through the entity API. */
    public AspectSpec<T> ownWritesOnly() {
        return new AspectSpec<>(name, valueType, entityTypes, false);
    }

    public AspectSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        entityTypes = Set.copyOf(entityTypes);
        if (!name.matches("[a-z][A-Za-z0-9]{0,63}")) {
            throw new IllegalArgumentException("aspect names are lowerCamelCase: " + name);
        }
    }

    public boolean appliesTo(EntityType type) {
        return entityTypes.contains(type);
    }
}
