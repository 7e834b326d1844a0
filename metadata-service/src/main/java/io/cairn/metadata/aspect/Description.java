package io.cairn.metadata.aspect;

import java.util.Objects;

/** Human documentation of an entity, in Markdown. */
public record Description(String text) implements AspectValue {

    public static final int MAX_LENGTH = 65_536;

    public Description {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new InvalidAspectException("description.text is longer than " + MAX_LENGTH + " characters");
        }
    }
}
