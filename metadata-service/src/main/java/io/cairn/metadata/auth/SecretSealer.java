package io.cairn.metadata.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps client secrets recoverable for protocols that verify an HMAC made with the secret itself (AWS SigV4 for the
 * Glue API), which a password hash cannot do. Secrets are sealed with AES-256-GCM under a key kept in the data
 * directory ({@value #KEY_FILE}, owner-only), with the client id as associated data, so a sealed secret copied onto
 * another client does not open. The PBKDF2 hash stays the check for every other way of authenticating.
 */
public final class SecretSealer {

    static final String KEY_FILE = "secret-sealing.key";
    private static final String PREFIX = "aes256-gcm";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretSealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secret sealing key must be 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** The key from {@value #KEY_FILE} in the data directory, created (random, owner-only) at first start. */
    public static SecretSealer loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return new SecretSealer(Base64.getDecoder().decode(Files.readString(file).trim()));
            }
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            Files.createDirectories(dataDir);
            Path temporary = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Non-POSIX file systems keep their default permissions.
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return new SecretSealer(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** {@code aes256-gcm$<iv>$<ciphertext and tag>}, both Base64. */
    public String seal(String clientId, String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(clientId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + "$" + Base64.getEncoder().encodeToString(iv) + "$" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret, or throws {@link IllegalStateException} when the value was not sealed for this client and key. */
    public String open(String clientId, String sealed) {
        String[] parts = sealed.split("\\$");
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(parts[1])));
            cipher.updateAAD(clientId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(Base64.getDecoder().decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the sealed secret of '" + clientId + "' does not open with this key", e);
        }
    }
}
