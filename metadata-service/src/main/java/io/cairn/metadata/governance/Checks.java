package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;

/** Field checks shared by the governance values, with messages that name the field. */
final class Checks {

    private Checks() {
    }

    static String name(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidAspectException(field + " is required");
        }
        if (value.length() > max) {
            throw new InvalidAspectException(field + " is longer than " + max + " characters");
        }
        return value.strip();
    }

    static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidAspectException(field + " is longer than " + max + " characters");
        }
        return value;
    }

    static String optionalUrn(String field, String value, EntityType type) {
        if (value == null) {
            return null;
        }
        Urn urn = Urn.parse(value);
        if (urn.type() != type) {
            throw new InvalidAspectException(field + " '" + value + "' is not a " + type.urnName() + " URN");
        }
        return urn.toString();
    }
}
