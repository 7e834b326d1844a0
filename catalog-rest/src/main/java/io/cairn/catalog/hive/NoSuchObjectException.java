package io.cairn.catalog.hive;

/** The database, table, partition or version does not exist (Hive: NoSuchObjectException, Glue: EntityNotFound). */
public final class NoSuchObjectException extends MetastoreException {

    public NoSuchObjectException(String message) {
        super(message);
    }
}
