package io.cairn.catalog.hive;

/**
 * Another writer changed the table first: the expected version id or Iceberg metadata location is no longer the
 * current one. Nothing was written; re-read and retry (Glue: ConcurrentModificationException).
 */
public final class ConcurrentUpdateException extends MetastoreException {

    public ConcurrentUpdateException(String message) {
        super(message);
    }

    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
