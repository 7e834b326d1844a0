package io.cairn.metadata.auth;

import java.util.Arrays;
import java.util.Locale;

/** What a principal may do. Each role includes the ones before it. */
public enum Role {
    READER,
    WRITER,
    ADMIN;

    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return Arrays.stream(values())
                .filter(role -> role.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "' (expected reader, writer or admin)"));
    }
}
