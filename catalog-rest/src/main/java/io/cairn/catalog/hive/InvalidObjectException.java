package io.cairn.catalog.hive;

/** The input is invalid: a bad name, type, value count or filter (Hive: InvalidObject/MetaException, Glue: InvalidInput). */
public final class InvalidObjectException extends MetastoreException {

    public InvalidObjectException(String message) {
        super(message);
    }

    public InvalidObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
