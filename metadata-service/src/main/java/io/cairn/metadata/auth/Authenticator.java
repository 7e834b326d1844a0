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

    private final Cache<String, Boolean> verifiedKeys = Caffeine.newBuilder()
            .expireAfterWrite(java.time.Duration.ofMinutes(5))
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

    /**
     * The actor behind a bearer value: a token from {@link #issueToken}, or, for clients that can only send a static
     * key (OpenLineage's {@code api_key} auth), the client's own {@code <client-id>:<secret>}. Verified credentials are
     * remembered briefly by a digest of the secret, so a pipeline sending thousands of events pays for the slow
     * password hash once, and a revoked client is refused as soon as its status is re-read.
     */
    public Actor authenticate(String bearerToken) {
        if (bearerToken.indexOf('.') < 0 && bearerToken.indexOf(':') > 0) {
            return authenticateKey(bearerToken);
        }
        return authenticateToken(bearerToken);
    }

    private Actor authenticateKey(String key) {
        ClientCredential credential;
        try {
            credential = ClientCredential.parse(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the bearer value is neither a Cairn token nor a <client-id>:<secret> key");
        }
        String cacheKey = credential.clientId() + '\u0000' + digest(credential.secret());
        if (verifiedKeys.getIfPresent(cacheKey) == null) {
            boolean valid = credential.clientId().equals(root.clientId())
                    ? root.matches(credential)
                    : clients.authenticate(credential).isPresent();
            if (!valid) {
                // Failures are not remembered: a client created a moment later must work at once.
                throw new InvalidTokenException("unknown client, wrong secret, or revoked client");
            }
            verifiedKeys.put(cacheKey, Boolean.TRUE);
        }
        return currentActor(credential.clientId());
    }

    private Actor authenticateToken(String bearerToken) {
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
        return currentActor(principal.keyParts().get(1));
    }

    private Actor currentActor(String clientId) {
        if (clientId.equals(root.clientId())) {
            return Actor.client(clientId, Role.ADMIN);
        }
        ClientInfo client = clientStatus.get(clientId, clients::find)
                .filter(info -> !info.revoked())
                .orElseThrow(() -> new InvalidTokenException("the bearer token's client is unknown or revoked"));
        return Actor.client(clientId, client.role());
    }

    /**
     * The secret and actor for verifying a request signed with the client's secret (AWS SigV4, where the access key
     * id is the client id). Empty for unknown, revoked, or unsealed clients (created before sealing existed).
     */
    public Optional<SigningCredential> signingCredential(String clientId) {
        if (clientId.equals(root.clientId())) {
            return root.signingSecret().map(secret -> new SigningCredential(secret, Actor.client(clientId, Role.ADMIN)));
        }
        Optional<String> secret = clients.signingSecret(clientId);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return clientStatus.get(clientId, clients::find).filter(info -> !info.revoked())
                .map(info -> new SigningCredential(secret.get(), Actor.client(clientId, info.role())));
    }

    /** Forgets cached client states, so a revocation on this node takes effect at once. */
    public void forget(String clientId) {
        clientStatus.invalidate(clientId);
        verifiedKeys.asMap().keySet().removeIf(key -> key.startsWith(clientId + '\u0000'));
    }

    private static String digest(String secret) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
