package io.cairn.metadata.aspect;

import java.util.List;
import java.util.Objects;

/**
 * The aspects one module writes. The server collects every module's set into the {@link AspectRegistry}, whatever
 * roles it runs, so that any node can read any aspect (a node without the catalog role still serves its schema).
 */
public record AspectSet(String module, List<AspectSpec<?>> aspects) {

    public AspectSet {
        Objects.requireNonNull(module, "module");
        aspects = List.copyOf(aspects);
    }
}
