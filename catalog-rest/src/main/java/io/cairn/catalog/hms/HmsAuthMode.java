package io.cairn.catalog.hms;

import java.util.Locale;

/** How metastore clients prove who they are. */
public enum HmsAuthMode {
    /** SASL PLAIN with a Cairn client id and secret (Hive 4's {@code metastore.client.auth.mode=PLAIN}). */
    SASL_PLAIN,
    /** No authentication: every connection acts with one configured role (Spark's built-in Hive 2.3 client). */
    NONE;

    public static HmsAuthMode parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "sasl-plain", "sasl_plain", "plain", "" -> SASL_PLAIN;
            case "none", "nosasl" -> NONE;
            default -> throw new IllegalArgumentException("unknown HMS auth mode '" + value + "' (expected sasl-plain or none)");
        };
    }
}
