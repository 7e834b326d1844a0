package io.cairn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the built server jar that a test run was given ({@code -Dcairn.server.jar=...}). */
public final class CairnJar {

    public static final String PROPERTY = "cairn.server.jar";

    private CairnJar() {
    }

    public static Path fromSystemProperty() {
        String jar = System.getProperty(PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("-D" + PROPERTY + " does not name the built Cairn jar (run `mvn package` "
                    + "in the server module first): " + jar);
        }
        return Path.of(jar);
    }

    /**
     * A copy of the jar in {@code directory}: a build running beside this one may repackage the original mid-run,
     * and a JVM reading a jar that is rewritten under it fails with odd class-loading errors.
     */
    public static Path privateCopy(Path directory) throws IOException {
        Files.createDirectories(directory);
        return Files.copy(fromSystemProperty(), directory.resolve("cairn-server.jar"));
    }
}
