package io.cairn.lineage.read;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An opaque keyset cursor: the sort key (depth, kind, URN) of the last item of a page, bound to the query it came
 * from by a hash of the query. A page is "every item after this key", so items added to the graph between two pages
 * never shift or repeat what the client already has.
 */
record PageCursor(int depth, int kind, String urn) {

    private static final String VERSION = "c1";

    static PageCursor decode(String cursor, String fingerprint) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this server issued");
        }
        String[] parts = text.split("\n", 5);
        if (parts.length != 5 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("cursor is not one this server issued");
        }
        if (!parts[1].equals(hash(fingerprint))) {
            throw new IllegalArgumentException("cursor belongs to another query; repeat the query it came from");
        }
        try {
            return new PageCursor(Integer.parseInt(parts[2]), Integer.parseInt(parts[3]), parts[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor is not one this server issued");
        }
    }

    String encode(String fingerprint) {
        String text = String.join("\n", VERSION, hash(fingerprint), Integer.toString(depth), Integer.toString(kind), urn);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Orders items: nearer first, then by kind, then by URN. */
    int compareTo(int otherDepth, int otherKind, String otherUrn) {
        if (depth != otherDepth) {
            return Integer.compare(depth, otherDepth);
        }
        if (kind != otherKind) {
            return Integer.compare(kind, otherKind);
        }
        return urn.compareTo(otherUrn);
    }

    private static String hash(String fingerprint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
