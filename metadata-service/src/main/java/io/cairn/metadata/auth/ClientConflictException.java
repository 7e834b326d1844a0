package io.cairn.metadata.auth;

public final class ClientConflictException extends RuntimeException {
    public ClientConflictException(String message) {
        super(message);
    }
}
