package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;

/** A user or group known because it owns something: written once, when first named as an owner. */
public record PrincipalInfo(String kind, String name) implements AspectValue {
}
