package io.cairn.server.web;

import java.util.List;

/** The only paths served without a bearer token: health, the token endpoints, and the UI's static files. */
final class PublicPaths {

    private static final List<String> EXACT = List.of(
            "/actuator/health", "/iceberg/v1/oauth/tokens", "/api/v1/oauth/tokens", "/", "/index.html", "/favicon.ico");
    private static final List<String> PREFIXES = List.of("/actuator/health/", "/assets/");

    private PublicPaths() {
    }

    static boolean isPublic(String path) {
        return EXACT.contains(path) || PREFIXES.stream().anyMatch(path::startsWith);
    }
}
