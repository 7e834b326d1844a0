package io.cairn.catalog.hive;

/** The name is taken (Hive: AlreadyExistsException, Glue: AlreadyExistsException). */
public final class ObjectAlreadyExistsException extends MetastoreException {

    public ObjectAlreadyExistsException(String message) {
        super(message);
    }
}
