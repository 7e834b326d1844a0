package io.cairn.graphql.support;

import io.cairn.graphql.error.GraphQlInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque Relay cursors: a versioned, base64url-encoded position that only this server interprets. */
public final class Cursors {

    private static final String PREFIX = "c1:";

    private Cursors() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code cursor}, null when there is none; a cursor this server did not hand out is bad input. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw GraphQlInputException.badInput("'" + cursor + "' is not a cursor this server handed out");
    }

    public static long decodeLong(String cursor) {
        String position = decode(cursor);
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw GraphQlInputException.badInput("'" + cursor + "' is not a cursor this server handed out");
        }
    }
}
