package io.cairn.metadata.auth;

import java.util.Objects;

/** A client id and its secret, as engines pass it: {@code credential=<client-id>:<secret>}. */
public record ClientCredential(String clientId, String secret) {

    public ClientCredential {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(secret, "secret");
        ClientIds.validate(clientId);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the client secret is empty");
        }
    }

    public static ClientCredential parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a credential has the form <client-id>:<secret>");
        }
        return new ClientCredential(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return clientId + ":***";
    }
}
