package io.cairn.catalog.hive;

/** A database still holds tables (Hive: InvalidOperationException, Glue: InvalidInputException). */
public final class ObjectNotEmptyException extends MetastoreException {

    public ObjectNotEmptyException(String message) {
        super(message);
    }
}
