package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import java.util.List;

/** Who owns an entity. The whole list is replaced on each write, so a version is the complete picture. */
public record Ownership(List<Owner> owners) implements AspectValue {

    public static final int MAX_OWNERS = 100;

    public Ownership {
        if (owners == null) {
            throw new InvalidAspectException("ownership.owners is required");
        }
        if (owners.size() > MAX_OWNERS) {
            throw new InvalidAspectException("ownership holds more than " + MAX_OWNERS + " owners");
        }
        owners = owners.stream().distinct().toList();
    }
}
