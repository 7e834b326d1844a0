package io.cairn.metadata.aspect;

/** A write through the generic entity API to an aspect that only its own module writes. */
public final class ReadOnlyAspectException extends RuntimeException {
    public ReadOnlyAspectException(String message) {
        super(message);
    }
}
