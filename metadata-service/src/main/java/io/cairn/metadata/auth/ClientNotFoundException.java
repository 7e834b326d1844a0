package io.cairn.metadata.auth;

public final class ClientNotFoundException extends RuntimeException {
    public ClientNotFoundException(String clientId) {
        super("no client '" + clientId + "'");
    }
}
