package io.cairn.catalog.store;

/** Tables and views share one name space per namespace, as Iceberg requires. */
public enum EntryKind {
    TABLE,
    VIEW
}
