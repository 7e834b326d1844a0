package io.cairn.catalog.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Which locations are local files, and their paths, read as Hadoop reads them (no percent-decoding). */
final class LocalPaths {

    private LocalPaths() {
    }

    static boolean isLocal(String location) {
        return location.startsWith("/") || location.toLowerCase(Locale.ROOT).startsWith("file:");
    }

    /** {@code file:/a}, {@code file:///a} and {@code /a} are all the path {@code /a}. */
    static Path path(String location) {
        String path = location.toLowerCase(Locale.ROOT).startsWith("file:") ? location.substring("file:".length()) : location;
        if (path.startsWith("///")) {
            path = path.substring(2);
        } else if (path.startsWith("//")) {
            throw new IllegalArgumentException("A local file location names no host: " + location);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A local file location must be absolute: " + location);
        }
        return Path.of(path);
    }

    static void delete(String location) {
        try {
            Files.deleteIfExists(path(location));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete " + location, e);
        }
    }
}
