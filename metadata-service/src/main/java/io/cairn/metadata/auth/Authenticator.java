package io.cairn.metadata.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.InvalidUrnException;
import io.cairn.metadata.urn.PrincipalKind;
import io.cairn.metadata.urn.Urn;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns credentials into tokens and tokens into actors. A token is only as good as its client: a revoked client's
 * tokens stop working within {@link #STATUS_CACHE_TTL}, and the role is the client's current one.
 */
public final class Authenticator {

    static final Duration STATUS_CACHE_TTL = Duration.ofSeconds(2);

    private final RootCredential root;
    private final ClientRegistry clients;
    private final TokenService tokens;
    private final Cache<String, Optional<ClientInfo>> clientStatus = Caffeine.newBuilder()
            .expireAfterWrite(STATUS_CACHE_TTL)
            .maximumSize(10_000)
            .build();

    public Authenticator(RootCredential root, ClientRegistry clients, TokenService tokens) {
        this.root = root;
        this.clients = clients;
        this.tokens = tokens;
    }

    /** A token for the client, or empty when the id or secret is wrong or the client is revoked. */
    public Optional<IssuedToken> issueToken(ClientCredential credential) {
        if (credential.clientId().equals(root.clientId())) {
            return root.matches(credential)
                    ? Optional.of(tokens.issue(Actor.client(root.clientId(), Role.ADMIN)))
                    : Optional.empty();
        }
        return clients.authenticate(credential).map(client -> tokens.issue(Actor.client(client.clientId(), client.role())));
    }

    public Actor authenticate(String bearerToken) {
        TokenClaims claims = tokens.verify(bearerToken);
        Urn principal;
        try {
            principal = Urn.parse(claims.principal());
        } catch (InvalidUrnException e) {
            throw new InvalidTokenException("the bearer token names no principal");
        }
        if (principal.type() != EntityType.PRINCIPAL || !principal.keyParts().get(0).equals(PrincipalKind.CLIENT.urnName())) {
            throw new InvalidTokenException("the bearer token names no client");
        }
        String clientId = principal.keyParts().get(1);
        if (clientId.equals(root.clientId())) {
            return Actor.client(clientId, Role.ADMIN);
        }
        ClientInfo client = clientStatus.get(clientId, clients::find)
                .filter(info -> !info.revoked())
                .orElseThrow(() -> new InvalidTokenException("the bearer token's client is unknown or revoked"));
        return Actor.client(clientId, client.role());
    }

    /** Forgets cached client states, so a revocation on this node takes effect at once. */
    public void forget(String clientId) {
        clientStatus.invalidate(clientId);
    }
}
