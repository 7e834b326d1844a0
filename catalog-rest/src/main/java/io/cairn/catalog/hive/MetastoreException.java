package io.cairn.catalog.hive;

/** A failure each protocol reports in its own shape (Thrift exceptions, Glue's {@code __type}). */
public abstract class MetastoreException extends RuntimeException {

    protected MetastoreException(String message) {
        super(message);
    }

    protected MetastoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
