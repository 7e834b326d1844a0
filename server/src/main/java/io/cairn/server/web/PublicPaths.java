package io.cairn.server.web;

import java.util.List;

/**
 * The only paths served without a bearer token: health, the token endpoints, the UI's static files, the GraphiQL page
 * (a static page; the queries it sends to {@code /graphql} still need a token, set in its headers pane) and the Glue
 * API, whose requests carry an AWS SigV4 signature that its controller verifies over the body.
 */
final class PublicPaths {

    private static final List<String> EXACT = List.of(
            "/actuator/health", "/iceberg/v1/oauth/tokens", "/api/v1/oauth/tokens", "/", "/index.html", "/favicon.ico",
            "/graphiql", "/glue", "/glue/");
    private static final List<String> PREFIXES = List.of("/actuator/health/", "/assets/");

    private PublicPaths() {
    }

    static boolean isPublic(String path) {
        return EXACT.contains(path) || PREFIXES.stream().anyMatch(path::startsWith);
    }
}
