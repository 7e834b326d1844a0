package io.cairn.metadata.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies signed access tokens (JWT, HS256). Every Cairn node that shares the signing key accepts the
 * tokens of every other, so API nodes stay stateless behind a load balancer.
 */
public final class TokenService {

    static final String KEY_FILE = "token-signing.key";
    private static final String ISSUER = "cairn";
    private static final String ROLE_CLAIM = "role";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Clock clock;
    /**
     * Tokens whose signature and claims were verified, by their text: a token is immutable and its verification
     * depends on nothing else, so a repeat needs only its expiry checked. Parsing and checking the HMAC of every
     * request's token was 7% of the server's CPU under loadTable (measured). Failures are not remembered.
     */
    private final Cache<String, TokenClaims> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .build();

    public TokenService(byte[] key, Duration ttl, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the token signing key must have at least 256 bits");
        }
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token signing key", e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    public IssuedToken issue(Actor actor) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(actor.principal().toString())
                .claim(ROLE_CLAIM, actor.role().wireName())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), ttl);
    }

    /** The principal and role the token was issued to; throws {@link InvalidTokenException} with the reason. */
    public TokenClaims verify(String token) {
        TokenClaims known = verified.getIfPresent(token);
        if (known != null) {
            if (!known.expiresAt().isAfter(clock.instant())) {
                verified.invalidate(token);
                throw new InvalidTokenException("the bearer token has expired");
            }
            return known;
        }
        TokenClaims claims = verifySignedClaims(token);
        verified.put(token, claims);
        return claims;
    }

    private TokenClaims verifySignedClaims(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is not a Cairn token");
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new InvalidTokenException("the bearer token's signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
                throw new InvalidTokenException("the bearer token has expired");
            }
            if (!ISSUER.equals(claims.getIssuer()) || claims.getSubject() == null) {
                throw new InvalidTokenException("the bearer token was not issued by Cairn");
            }
            return new TokenClaims(claims.getSubject(), Role.fromWireName(claims.getStringClaim(ROLE_CLAIM)), expiry.toInstant());
        } catch (JOSEException | ParseException | IllegalArgumentException e) {
            throw new InvalidTokenException("the bearer token is not valid");
        }
    }

    /** The configured key (Base64), else the one in the data directory, created on first use. */
    public static byte[] loadOrCreateKey(Optional<String> configuredBase64, Path dataDir) {
        if (configuredBase64.isPresent()) {
            return Base64.getDecoder().decode(configuredBase64.get().trim());
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(dataDir);
            Path temporary = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Non-POSIX file systems keep their default permissions.
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
