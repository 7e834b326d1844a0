package io.cairn.metadata.aspect;

/** An aspect name or value that the registry refuses; the message is meant for the API caller. */
public final class InvalidAspectException extends IllegalArgumentException {
    public InvalidAspectException(String message) {
        super(message);
    }
}
