package io.cairn.metadata.auth;

import io.cairn.metadata.urn.PrincipalKind;
import io.cairn.metadata.urn.Urn;
import java.util.Objects;

/** The authenticated principal on whose behalf something is read or written. */
public record Actor(Urn principal, Role role) {

    private static final Actor SYSTEM = new Actor(Urn.principal(PrincipalKind.CLIENT, "cairn-system"), Role.ADMIN);

    public Actor {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(role, "role");
    }

    public static Actor client(String clientId, Role role) {
        return new Actor(Urn.principal(PrincipalKind.CLIENT, clientId), role);
    }

    /** Cairn itself, for changes no caller asked for (migrations, derived updates). */
    public static Actor system() {
        return SYSTEM;
    }

    public String name() {
        return principal.keyParts().get(1);
    }

    /** Throws {@link AccessDeniedException} unless this actor's role includes {@code required}. */
    public void require(Role required) {
        if (!role.includes(required)) {
            throw new AccessDeniedException(name() + " has role " + role.wireName() + "; this needs " + required.wireName());
        }
    }
}
