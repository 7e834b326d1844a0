package io.cairn.lineage.read;

public final class LineageNotFoundException extends RuntimeException {
    public LineageNotFoundException(String message) {
        super(message);
    }
}
