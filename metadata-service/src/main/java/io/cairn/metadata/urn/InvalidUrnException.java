package io.cairn.metadata.urn;

public final class InvalidUrnException extends IllegalArgumentException {
    public InvalidUrnException(String message) {
        super(message);
    }
}
