package io.cairn.lineage.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body whole, undoing {@code Content-Encoding: gzip} (what the OpenLineage Java client's HTTP
 * transport sends, chunked and without a length). The compressed size is limited by the server's request-size
 * filter; the decompressed size is limited here, while reading, so a small gzip bomb cannot exhaust memory.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] read(HttpServletRequest request, long maxDecompressedBytes) throws IOException {
        String encoding = request.getHeader("Content-Encoding");
        InputStream in = request.getInputStream();
        if (encoding != null && !encoding.isBlank()) {
            String normalised = encoding.trim().toLowerCase(Locale.ROOT);
            if (normalised.equals("gzip") || normalised.equals("x-gzip")) {
                in = new GZIPInputStream(in);
            } else if (!normalised.equals("identity")) {
                throw new LineageProblems.UnsupportedEncodingProblem("Content-Encoding '" + encoding + "' is not supported (gzip or identity)");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxDecompressedBytes) {
                throw new LineageProblems.BodyTooLargeProblem("the decompressed request body is larger than the limit of "
                        + maxDecompressedBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
