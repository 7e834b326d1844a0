package io.cairn.metadata.auth;

import java.time.Instant;

/** A registered API client, without its secret. */
public record ClientInfo(String clientId, Role role, String description, boolean revoked, Instant createdAt, String createdBy) {
}
