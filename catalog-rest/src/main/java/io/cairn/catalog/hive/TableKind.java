package io.cairn.catalog.hive;

/** Where a table's truth lives: in its Hive-style definition here, or in an Iceberg metadata file. */
public enum TableKind {
    /** A Hive-style table: columns, storage descriptor and partitions are stored by Cairn. */
    PLAIN,
    /** An Iceberg table of the catalog; schema and location come from its current metadata file. */
    ICEBERG
}
