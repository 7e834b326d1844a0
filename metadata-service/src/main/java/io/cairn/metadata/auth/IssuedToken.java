package io.cairn.metadata.auth;

import java.time.Duration;

public record IssuedToken(String accessToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "IssuedToken[***, expiresIn=" + expiresIn + "]";
    }
}
