package io.cairn.metadata.aspect;

import io.cairn.metadata.urn.EntityType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The aspects Cairn knows. Modules add their own specs; names are unique. */
public final class AspectRegistry {

    private final Map<String, AspectSpec<?>> specs;

    /** The union of every module's set; two modules declaring one name is a start-up error. */
    public static AspectRegistry of(Collection<AspectSet> sets) {
        return new AspectRegistry(sets.stream().flatMap(set -> set.aspects().stream()).toList());
    }

    public AspectRegistry(Collection<AspectSpec<?>> specs) {
        Map<String, AspectSpec<?>> byName = new LinkedHashMap<>();
        for (AspectSpec<?> spec : specs) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("aspect declared twice: " + spec.name());
            }
        }
        this.specs = Map.copyOf(byName);
    }

    public Optional<AspectSpec<?>> find(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /** The spec of {@code name} for an entity of {@code type}, or an error that says what is allowed. */
    public AspectSpec<?> require(String name, EntityType type) {
        AspectSpec<?> spec = specs.get(name);
        if (spec == null) {
            throw new InvalidAspectException("unknown aspect '" + name + "'; known aspects: " + names());
        }
        if (!spec.appliesTo(type)) {
            throw new InvalidAspectException("aspect '" + name + "' does not apply to " + type.urnName() + " entities");
        }
        return spec;
    }

    /** Like {@link #require}, and the generic entity API may write it. */
    public AspectSpec<?> requireWritable(String name, EntityType type) {
        AspectSpec<?> spec = require(name, type);
        if (!spec.writable()) {
            throw new ReadOnlyAspectException("aspect '" + name + "' is read-only here: it is written through its own API"
                    + " (governance aspects under /api/v1/governance, catalog aspects through the catalog protocols)");
        }
        return spec;
    }

    public List<String> names() {
        return specs.keySet().stream().sorted().toList();
    }
}
