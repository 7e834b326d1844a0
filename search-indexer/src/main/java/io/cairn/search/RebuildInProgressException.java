package io.cairn.search;

/** A rebuild was asked for while another one (on this node or another) holds the rebuild lock. */
public final class RebuildInProgressException extends RuntimeException {
    public RebuildInProgressException(String message) {
        super(message);
    }
}
