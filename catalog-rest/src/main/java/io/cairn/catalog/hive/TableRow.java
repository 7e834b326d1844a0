package io.cairn.catalog.hive;

/** A catalog entry as read for the Hive view: both kinds, with what each needs to become a {@link HiveTable}. */
record TableRow(String namespace, String name, String kind, String metadataLocation, String previousMetadataLocation,
                String dataset, String tableId, long version, String definition, long createdAt, long updatedAt,
                String location, String schema) {

    static final String PLAIN = "HIVE_TABLE";
    static final String ICEBERG = "TABLE";

    boolean isPlain() {
        return PLAIN.equals(kind);
    }
}
