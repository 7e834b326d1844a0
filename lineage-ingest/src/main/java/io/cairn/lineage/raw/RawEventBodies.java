package io.cairn.lineage.raw;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a raw event's body is stored: its UTF-8 JSON, gzip-compressed. OpenLineage events repeat the same names and
 * keys many times (the 560 events of the shared corpus shrink tenfold, 4.4 MB to 0.43 MB), and Neo4j's cost of a
 * stored event is mostly its bytes: measured with {@code Neo4jRunFloorBenchmark}, plain bodies took 70 µs of Neo4j's
 * work per event, compressed ones 20. Java's gzip header carries no time stamp, so the same body always compresses
 * to the same bytes.
 */
public final class RawEventBodies {

    private RawEventBodies() {
    }

    public static byte[] compress(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, json.length() / 4));
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 8192)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("compressing in memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static String decompress(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored raw event is not valid gzip", e);
        }
    }
}
