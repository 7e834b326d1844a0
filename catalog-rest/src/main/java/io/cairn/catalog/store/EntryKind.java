package io.cairn.catalog.store;

/** Tables and views share one name space per namespace, as Iceberg requires; so do Hive-style tables. */
public enum EntryKind {
    TABLE,
    VIEW,
    /**
     * A plain (Hive-style, non-Iceberg) table of {@code io.cairn.catalog.hive}: no metadata file (its metadata
     * location is empty); its definition lives on the entry itself.
     */
    HIVE_TABLE
}
