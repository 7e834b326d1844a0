package io.cairn.metadata.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed secrets for SigV4: they open only for their client and key, and survive a restart. */
class SecretSealerTest {

    @TempDir
    Path dataDir;

    @Test
    void aSealedSecretOpensOnlyForItsClientAndKey() throws Exception {
        SecretSealer sealer = SecretSealer.loadOrCreate(dataDir);
        String sealed = sealer.seal("etl", "s3cret");
        assertThat(sealed).startsWith("aes256-gcm$").doesNotContain("s3cret");
        assertThat(sealer.open("etl", sealed)).isEqualTo("s3cret");
        assertThat(sealer.seal("etl", "s3cret")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> sealer.open("other", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretSealer(new byte[32]).open("etl", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.open("etl", "garbage")).isInstanceOf(IllegalStateException.class);

        // The key is kept in the data directory: a restart opens what was sealed before.
        assertThat(Files.exists(dataDir.resolve(SecretSealer.KEY_FILE))).isTrue();
        assertThat(SecretSealer.loadOrCreate(dataDir).open("etl", sealed)).isEqualTo("s3cret");
    }

    @Test
    void aGeneratedRootCredentialCanSignAfterARestartAnOldOneCannot() throws Exception {
        SecretSealer sealer = SecretSealer.loadOrCreate(dataDir);
        ObjectMapper mapper = new ObjectMapper();
        AtomicReference<ClientCredential> announced = new AtomicReference<>();
        RootCredential first = RootCredential.load(Optional.empty(), dataDir, new SecretHasher(), mapper, announced::set, sealer);
        assertThat(first.signingSecret()).contains(announced.get().secret());
        assertThat(Files.readString(dataDir.resolve(RootCredential.FILE_NAME))).doesNotContain(announced.get().secret());
        RootCredential restarted = RootCredential.load(Optional.empty(), dataDir, new SecretHasher(), mapper, c -> { }, sealer);
        assertThat(restarted.signingSecret()).contains(announced.get().secret());
        assertThat(restarted.matches(announced.get())).isTrue();

        Path old = Files.createDirectories(dataDir.resolve("old"));
        mapper.writeValue(old.resolve(RootCredential.FILE_NAME).toFile(),
                Map.of("clientId", "root", "secretHash", new SecretHasher().hash("x")));
        assertThat(RootCredential.load(Optional.empty(), old, new SecretHasher(), mapper, c -> { }, sealer).signingSecret()).isEmpty();

        RootCredential configured = RootCredential.load(Optional.of(new ClientCredential("admin", "configured-secret")), dataDir,
                new SecretHasher(), mapper, c -> { }, sealer);
        assertThat(configured.signingSecret()).contains("configured-secret");
    }
}
