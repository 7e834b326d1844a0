package io.cairn.lineage.read;

/** A lineage read ran past the server's time limit; answered with its own status so clients can narrow the query. */
public final class LineageTimeoutException extends RuntimeException {
    public LineageTimeoutException(String message) {
        super(message);
    }
}
