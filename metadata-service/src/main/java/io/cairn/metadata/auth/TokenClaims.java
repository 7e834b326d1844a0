package io.cairn.metadata.auth;

import java.time.Instant;

/** What a verified token says: the principal's URN, the role it was issued with, and when it expires. */
public record TokenClaims(String principal, Role role, Instant expiresAt) {
}
