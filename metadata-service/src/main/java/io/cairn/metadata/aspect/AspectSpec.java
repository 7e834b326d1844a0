package io.cairn.metadata.aspect;

import io.cairn.metadata.urn.EntityType;
import java.util.Objects;
import java.util.Set;

/**
 * Declares an aspect: its name, the immutable value type that holds it, and the entity types it applies to.
 * Aspect values are stored as JSON; the value type is the schema (unknown fields are refused at the edge).
 */
public record AspectSpec<T extends AspectValue>(String name, Class<T> valueType, Set<EntityType> entityTypes) {

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
