package io.cairn.catalog.hms;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.urn.PrincipalKind;
import io.cairn.metadata.urn.Urn;
import org.apache.thrift.server.ServerContext;

/**
 * One client connection. With SASL the actor is the authenticated Cairn client; without, it is the user name the
 * client claims through {@code set_ugi} (recorded as the principal of its writes), acting with the configured role.
 */
final class HmsSession implements ServerContext {

    private volatile Actor actor;
    private final boolean authenticated;
    private final Role unauthenticatedRole;

    private HmsSession(Actor actor, boolean authenticated, Role unauthenticatedRole) {
        this.actor = actor;
        this.authenticated = authenticated;
        this.unauthenticatedRole = unauthenticatedRole;
    }

    static HmsSession authenticated(Actor actor) {
        return new HmsSession(actor, true, actor.role());
    }

    static HmsSession anonymous(Role role) {
        return new HmsSession(userActor("anonymous", role), false, role);
    }

    Actor actor() {
        return actor;
    }

    /** {@code set_ugi}: names the user of an unauthenticated connection; an authenticated one keeps its client. */
    void claimUser(String userName) {
        if (!authenticated && userName != null && !userName.isBlank()) {
            actor = userActor(userName, unauthenticatedRole);
        }
    }

    private static Actor userActor(String userName, Role role) {
        String safe = userName.replaceAll("[^A-Za-z0-9._@-]", "_");
        if (safe.length() > 128) {
            safe = safe.substring(0, 128);
        }
        return new Actor(Urn.principal(PrincipalKind.USER, safe), role);
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
        return iface.isInstance(this) ? iface.cast(this) : null;
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
