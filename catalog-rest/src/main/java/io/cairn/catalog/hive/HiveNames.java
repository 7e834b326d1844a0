package io.cairn.catalog.hive;

import java.util.Locale;

/**
 * Database, table and column names as Hive and Glue take them: case-insensitive (kept in lower case), 1 to 255
 * characters, no control characters, and none of {@code . / : `} which would make {@code db.table} names, paths or
 * partition names ambiguous.
 */
public final class HiveNames {

    public static final int MAX_LENGTH = 255;

    private HiveNames() {
    }

    /** The name in lower case; throws {@link InvalidObjectException} naming what is wrong. */
    public static String normalize(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidObjectException(what + " name is missing");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidObjectException(what + " name is longer than " + MAX_LENGTH + " characters");
        }
        if (!name.equals(name.strip())) {
            throw new InvalidObjectException(what + " name '" + name + "' starts or ends with white space");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '.' || c == '/' || c == ':' || c == '`') {
                throw new InvalidObjectException(what + " name '" + printable(name) + "' contains '" + printable(String.valueOf(c))
                        + "'; names cannot contain control characters or . / : `");
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** Lower case without validation, for lookups (a name that cannot exist is simply not found). */
    public static String lookup(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
