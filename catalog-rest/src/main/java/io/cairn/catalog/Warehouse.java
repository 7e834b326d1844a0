package io.cairn.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One warehouse: the name clients pass as {@code warehouse} (also its URL prefix), the root location under which
 * tables get their default location, and the FileIO properties (for example {@code io-impl} and {@code s3.*} for
 * S3-compatible storage) that server and clients use for it.
 */
public record Warehouse(String name, String location, Map<String, String> ioProperties) {

    public Warehouse {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("warehouse names are 1 to 64 letters, digits, '_', '.', '-': " + name);
        }
        location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        ioProperties = java.util.Collections.unmodifiableMap(new TreeMap<>(ioProperties == null ? Map.of() : ioProperties));
    }

    /** Local storage needs no vended credentials; object stores would. */
    public boolean isLocal() {
        return location.startsWith("file:") || location.startsWith("/");
    }
}
