package io.cairn.metadata.auth;

/** A bearer token that is missing, malformed, badly signed, expired or revoked (HTTP 401). */
public final class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String message) {
        super(message);
    }
}
