package io.cairn.catalog.hms;

import io.cairn.metadata.auth.Role;
import java.util.Objects;

/**
 * The metastore endpoint: where it listens, how clients authenticate, the role of unauthenticated connections,
 * and the bounds that keep a bad client from exhausting the server (message size, connections).
 */
public record HmsServerSettings(String host, int port, HmsAuthMode auth, Role unauthenticatedRole, int maxMessageBytes,
                                int maxConnections) {

    public HmsServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(unauthenticatedRole, "unauthenticatedRole");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HMS port must be 0..65535: " + port);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("HMS max message size must be at least 1 KiB");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("HMS max connections must be positive");
        }
    }
}
