package io.cairn.metadata.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.changelog.AuditLog;
import io.cairn.metadata.changelog.AuditPage;
import io.cairn.metadata.changelog.AuditQuery;
import io.cairn.metadata.changelog.ChangeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    @TempDir
    static Path dataDir;
    static MetadataFixture fixture;
    static RootCredential root;
    static ClientCredential generatedRoot;
    static ClientRegistry clients;
    static TokenService tokens;
    static Authenticator authenticator;

    @BeforeAll
    static void start() {
        fixture = MetadataFixture.start(dataDir);
        AtomicReference<ClientCredential> announced = new AtomicReference<>();
        SecretHasher hasher = new SecretHasher();
        root = RootCredential.load(Optional.empty(), dataDir, hasher, MetadataFixture.MAPPER, announced::set);
        generatedRoot = announced.get();
        clients = new ClientRegistry(fixture.store(), hasher, MetadataFixture.MAPPER, root.clientId());
        tokens = new TokenService(TokenService.loadOrCreateKey(Optional.empty(), dataDir), Duration.ofMinutes(5), Clock.systemUTC());
        authenticator = new Authenticator(root, clients, tokens);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void clientsCreatedWithASealerCanSignRequestsOthersCannot() {
        ClientRegistry sealing = new ClientRegistry(fixture.store(), new SecretHasher(), MetadataFixture.MAPPER, root.clientId(),
                SecretSealer.loadOrCreate(dataDir));
        Authenticator signing = new Authenticator(root, sealing, tokens);
        NewClient created = sealing.create(Actor.system(), Optional.of("sigv4-signer"), Role.WRITER, "signs Glue requests");
        assertThat(signing.signingCredential("sigv4-signer")).hasValueSatisfying(credential -> {
            assertThat(credential.secret()).isEqualTo(created.secret());
            assertThat(credential.actor()).isEqualTo(Actor.client("sigv4-signer", Role.WRITER));
        });
        clients.create(Actor.system(), Optional.of("hash-only"), Role.READER, "created without a sealer");
        assertThat(signing.signingCredential("hash-only")).isEmpty();
        assertThat(signing.signingCredential("nobody")).isEmpty();
        // root was loaded from a file without a sealed secret: it cannot sign
        assertThat(signing.signingCredential(root.clientId())).isEmpty();
        sealing.revoke(Actor.system(), "sigv4-signer");
        signing.forget("sigv4-signer");
        assertThat(signing.signingCredential("sigv4-signer")).isEmpty();
    }

    @Test
    void theGeneratedRootCredentialIsShownOnceAndStoredOnlyHashed() throws Exception {
        assertThat(generatedRoot).isNotNull();
        String stored = Files.readString(dataDir.resolve(RootCredential.FILE_NAME));
        assertThat(stored).doesNotContain(generatedRoot.secret()).contains("pbkdf2-sha256");
        AtomicReference<ClientCredential> again = new AtomicReference<>();
        RootCredential reloaded = RootCredential.load(Optional.empty(), dataDir, new SecretHasher(), MetadataFixture.MAPPER, again::set);
        assertThat(again.get()).as("not announced a second time").isNull();
        assertThat(reloaded.matches(generatedRoot)).isTrue();
        assertThat(reloaded.matches(new ClientCredential("root", "wrong"))).isFalse();
    }

    @Test
    void rootGetsAnAdminTokenAndWrongSecretsGetNothing() {
        IssuedToken token = authenticator.issueToken(generatedRoot).orElseThrow();
        Actor actor = authenticator.authenticate(token.accessToken());
        assertThat(actor.role()).isEqualTo(Role.ADMIN);
        assertThat(actor.name()).isEqualTo("root");
        assertThat(authenticator.issueToken(new ClientCredential("root", "nope"))).isEmpty();
        assertThat(authenticator.issueToken(new ClientCredential("nobody", "nope"))).isEmpty();
    }

    @Test
    void badSignaturesExpiredAndGarbageTokensAreRefused() {
        Actor admin = Actor.client("root", Role.ADMIN);
        String valid = tokens.issue(admin).accessToken();
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> authenticator.authenticate(tampered)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature");
        TokenService otherKey = new TokenService(new byte[32], Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(() -> authenticator.authenticate(otherKey.issue(admin).accessToken()))
                .hasMessageContaining("signature");
        TokenService past = new TokenService(TokenService.loadOrCreateKey(Optional.empty(), dataDir), Duration.ofMinutes(5),
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertThatThrownBy(() -> authenticator.authenticate(past.issue(admin).accessToken()))
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> authenticator.authenticate("not-a-token")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void clientsAreCreatedWithARoleAndRevokedTokensStopWorking() {
        Actor admin = Actor.client("root", Role.ADMIN);
        NewClient created = clients.create(admin, Optional.of("spark-etl"), Role.WRITER, "nightly Spark jobs");
        IssuedToken token = authenticator.issueToken(created.credential()).orElseThrow();
        assertThat(authenticator.authenticate(token.accessToken()).role()).isEqualTo(Role.WRITER);
        assertThatThrownBy(() -> clients.create(admin, Optional.of("spark-etl"), Role.READER, ""))
                .isInstanceOf(ClientConflictException.class);
        assertThatThrownBy(() -> clients.create(Actor.client("spark-etl", Role.WRITER), Optional.of("x"), Role.ADMIN, ""))
                .isInstanceOf(AccessDeniedException.class);

        clients.revoke(admin, "spark-etl");
        authenticator.forget("spark-etl");
        assertThatThrownBy(() -> authenticator.authenticate(token.accessToken())).hasMessageContaining("revoked");
        assertThat(authenticator.issueToken(created.credential())).isEmpty();

        AuditPage page = new AuditLog(fixture.store()).page(new AuditQuery(Optional.of(ClientRegistry.urn("spark-etl").toString()),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), 10));
        assertThat(page.events()).extracting(ChangeEvent::version).containsExactly(2L, 1L);
        assertThat(page.events()).allSatisfy(event -> assertThat(event.principal()).isEqualTo(admin.principal().toString()));
        assertThat(page.events().get(0).after()).contains("\"revoked\":true").doesNotContain("pbkdf2");
    }

    @Test
    void theAuditLogPagesNewestFirstAndFiltersByPrincipal() {
        Actor admin = Actor.client("auditor-admin", Role.ADMIN);
        for (int i = 0; i < 7; i++) {
            clients.create(admin, Optional.of("paged-" + i), Role.READER, "");
        }
        AuditLog audit = new AuditLog(fixture.store());
        List<ChangeEvent> all = new ArrayList<>();
        OptionalLong cursor = OptionalLong.empty();
        do {
            AuditPage page = audit.page(new AuditQuery(Optional.empty(), Optional.of(admin.principal().toString()),
                    Optional.empty(), cursor, 3));
            assertThat(page.events().size()).isLessThanOrEqualTo(3);
            all.addAll(page.events());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertThat(all).hasSize(7);
        assertThat(all).extracting(ChangeEvent::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(all.get(0).urn()).endsWith(":paged-6");
        assertThat(audit.page(new AuditQuery(Optional.empty(), Optional.of(admin.principal().toString()),
                Optional.of(Instant.now().plusSeconds(60)), OptionalLong.empty(), 10)).events()).isEmpty();
    }

    @Test
    void clientsThatCanOnlySendAStaticKeyAuthenticateWithTheirCredential() {
        Actor admin = Actor.client("root", Role.ADMIN);
        NewClient pipeline = clients.create(admin, Optional.of("airflow"), Role.WRITER, "static api_key");
        String key = pipeline.credential().clientId() + ":" + pipeline.credential().secret();
        assertThat(authenticator.authenticate(key)).isEqualTo(Actor.client("airflow", Role.WRITER));
        assertThat(authenticator.authenticate(key).role()).as("served from the cache the second time").isEqualTo(Role.WRITER);
        assertThat(authenticator.authenticate(generatedRoot.clientId() + ":" + generatedRoot.secret()).role()).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> authenticator.authenticate("airflow:wrong-secret")).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticator.authenticate("nobody:secret")).isInstanceOf(InvalidTokenException.class);

        clients.revoke(admin, "airflow");
        authenticator.forget("airflow");
        assertThatThrownBy(() -> authenticator.authenticate(key)).isInstanceOf(InvalidTokenException.class);
    }
}
