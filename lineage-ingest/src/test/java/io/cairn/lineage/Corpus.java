package io.cairn.lineage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared OpenLineage corpus ({@code ../shared/openlineage/corpus} from the repository root): the concrete
 * originals, and the concretized copies of templates and partial expectations.
 */
public final class Corpus {

    public static final Path ROOT = locate();

    private Corpus() {
    }

    /** Every file that holds events (Marquez's API responses are graph shapes, not events). */
    public static List<Path> eventFiles() {
        List<String> concrete = concreteOriginals();
        try (Stream<Path> files = Files.walk(ROOT.resolve("_concretized"))) {
            Stream<Path> concretized = files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.toString().contains("api-responses"));
            return Stream.concat(concrete.stream().map(ROOT::resolve), concretized).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean deliberatelyInvalid(Path file) {
        String name = file.getFileName().toString();
        return file.toString().contains("fluentd-proxy") && (name.startsWith("event_invalid_") || name.equals("event_no_run_id.json"));
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concreteOriginals() {
        try {
            return Files.readAllLines(ROOT.resolve("_classification.txt")).stream()
                    .map(line -> line.trim().split("\\s+"))
                    .filter(parts -> parts.length > 1 && parts[1].equals("concrete") && !parts[0].startsWith("_concretized"))
                    .map(parts -> parts[0])
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("../shared/openlineage/corpus").normalize();
            if (Files.isDirectory(candidate) && Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("lineage-ingest"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find ../shared/openlineage/corpus beside the repository root");
    }
}
