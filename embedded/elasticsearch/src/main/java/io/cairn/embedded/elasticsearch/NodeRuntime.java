package io.cairn.embedded.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The isolated node's jars: the {@code es-node-dist.zip} resource of this module (the {@code dist} zip of
 * {@code cairn-embedded-es-node}), unpacked to {@code <root>/es-<hash>/lib/} and reused while its content hash
 * is unchanged. Reading it with {@link Class#getResourceAsStream} works from {@code target/classes}, from this
 * module's jar and from inside a Spring Boot fat jar alike.
 */
final class NodeRuntime {

    static final String DIST_RESOURCE = "/cairn/elasticsearch/es-node-dist.zip";
    private static final String COMPLETE_MARKER = ".complete";
    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

    private NodeRuntime() {}

    /** Returns the directory holding the node's jars, unpacking them under {@code root} first if needed. */
    static Path libDir(Path root) {
        try {
            String hash = hashOfDist();
            String name = "es-" + hash.substring(0, 16);
            Path target = root.resolve(name);
            if (Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                return target.resolve("lib");
            }
            Files.createDirectories(root);
            long started = System.nanoTime();
            Path staging = Files.createTempDirectory(root, name + ".tmp-");
            try {
                unzip(staging);
                Files.writeString(staging.resolve(COMPLETE_MARKER), hash + "\n");
                if (Files.exists(target)) {
                    deleteTree(target); // left over from an interrupted unpack
                }
                try {
                    moveIntoPlace(staging, target);
                } catch (IOException e) {
                    // another process may have unpacked the same content first; then use theirs
                    if (Files.isRegularFile(target.resolve(COMPLETE_MARKER)) == false) {
                        throw e;
                    }
                }
            } finally {
                if (Files.exists(staging)) {
                    deleteTree(staging);
                }
            }
            log.debug("Unpacked the Elasticsearch runtime to {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
            pruneOthers(root, name);
            return target.resolve("lib");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the embedded Elasticsearch runtime under " + root, e);
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
    }

    /** The jars of {@code libDir}, sorted by name so that the class path is the same on every start. */
    static List<Path> jars(Path libDir) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(libDir, "*.jar")) {
            stream.forEach(jars::add);
        }
        jars.sort(null);
        if (jars.isEmpty()) {
            throw new IOException("No jars in " + libDir);
        }
        return jars;
    }

    private static InputStream openDist() throws IOException {
        InputStream in = NodeRuntime.class.getResourceAsStream(DIST_RESOURCE);
        if (in == null) {
            throw new IOException(
                "The resource " + DIST_RESOURCE + " is missing; it is copied from the cairn-embedded-es-node dist zip when "
                    + "cairn-embedded-elasticsearch is built (mvn -pl embedded/es-node,embedded/elasticsearch -am verify)"
            );
        }
        return in;
    }

    private static String hashOfDist() throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = openDist()) {
            for (int n; (n = in.read(buffer)) > 0;) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void unzip(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(openDist())) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                Path out = base.resolve(entry.getName()).normalize();
                if (out.startsWith(base) == false) {
                    throw new IOException("Refusing zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Best effort: remove runtimes of other versions, which nothing uses once this one is in place. */
    private static void pruneOthers(Path root, String keep) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, "es-*")) {
            for (Path other : stream) {
                if (other.getFileName().toString().equals(keep) == false) {
                    try {
                        deleteTree(other);
                    } catch (IOException e) {
                        log.debug("Could not remove the old Elasticsearch runtime {}", other, e);
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Could not list {}", root, e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir) == false) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
