package io.cairn.metadata.auth;

/** An authenticated caller lacks the role an operation needs (HTTP 403). */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
