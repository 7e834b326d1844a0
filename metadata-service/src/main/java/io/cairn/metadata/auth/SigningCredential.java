package io.cairn.metadata.auth;

import java.util.Objects;

/**
 * A client's secret in clear for verifying a request signature (AWS SigV4), and who the client acts as. Lives only
 * for the verification of one request.
 */
public record SigningCredential(String secret, Actor actor) {

    public SigningCredential {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
        return "SigningCredential[secret=***, actor=" + actor + "]";
    }
}
