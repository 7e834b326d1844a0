package io.cairn.metadata.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The admin credential that exists before any other: from {@code CAIRN_ROOT_CREDENTIAL} when set, otherwise
 * generated at first start, shown once, and kept only as a hash in the data directory.
 */
public final class RootCredential {

    static final String FILE_NAME = "root-credential.json";
    private static final String DEFAULT_CLIENT_ID = "root";

    private final String clientId;
    private final String secretHash;
    private final SecretHasher hasher;
    private final Optional<String> signingSecret;

    private RootCredential(String clientId, String secretHash, SecretHasher hasher, Optional<String> signingSecret) {
        this.clientId = clientId;
        this.secretHash = secretHash;
        this.hasher = hasher;
        this.signingSecret = signingSecret;
    }

    /**
     * @param configured the configured credential, if any
     * @param announce   told the generated credential, once, so the operator can copy it
     */
    public static RootCredential load(Optional<ClientCredential> configured, Path dataDir, SecretHasher hasher,
                                      ObjectMapper mapper, Consumer<ClientCredential> announce) {
        return load(configured, dataDir, hasher, mapper, announce, null);
    }

    /**
     * As {@link #load(Optional, Path, SecretHasher, ObjectMapper, Consumer)}; with a {@code sealer}, a generated
     * credential is also stored sealed so root can sign requests (SigV4). A configured credential can always sign.
     */
    public static RootCredential load(Optional<ClientCredential> configured, Path dataDir, SecretHasher hasher,
                                      ObjectMapper mapper, Consumer<ClientCredential> announce, SecretSealer sealer) {
        if (configured.isPresent()) {
            ClientCredential credential = configured.get();
            return new RootCredential(credential.clientId(), hasher.hash(credential.secret()), hasher,
                    Optional.of(credential.secret()));
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                JsonNode stored = mapper.readTree(file.toFile());
                String storedId = stored.required("clientId").asText();
                Optional<String> signing = sealer == null || !stored.hasNonNull("sealedSecret") ? Optional.empty()
                        : Optional.of(sealer.open(storedId, stored.get("sealedSecret").asText()));
                return new RootCredential(storedId, stored.required("secretHash").asText(), hasher, signing);
            }
            ClientCredential generated = new ClientCredential(DEFAULT_CLIENT_ID, SecretHasher.newSecret());
            String hash = hasher.hash(generated.secret());
            Files.createDirectories(dataDir);
            Path temporary = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
            restrictToOwner(temporary);
            Map<String, String> content = new java.util.TreeMap<>(Map.of("clientId", generated.clientId(), "secretHash", hash));
            if (sealer != null) {
                content.put("sealedSecret", sealer.seal(generated.clientId(), generated.secret()));
            }
            mapper.writeValue(temporary.toFile(), content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            announce.accept(generated);
            return new RootCredential(generated.clientId(), hash, hasher,
                    sealer == null ? Optional.empty() : Optional.of(generated.secret()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public String clientId() {
        return clientId;
    }

    /** Root's secret for verifying request signatures; empty for a data directory from before secrets were sealed. */
    public Optional<String> signingSecret() {
        return signingSecret;
    }

    public boolean matches(ClientCredential credential) {
        return credential.clientId().equals(clientId) && hasher.matches(credential.secret(), secretHash);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their default permissions.
        }
    }
}
