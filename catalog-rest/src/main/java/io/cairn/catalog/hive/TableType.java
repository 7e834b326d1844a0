package io.cairn.catalog.hive;

import java.util.Locale;

/** Hive's table types. Iceberg tables are {@link #EXTERNAL_TABLE}, as Iceberg's own HiveCatalog registers them. */
public enum TableType {
    MANAGED_TABLE,
    EXTERNAL_TABLE,
    VIRTUAL_VIEW,
    MATERIALIZED_VIEW;

    /** Parses a protocol's table type; absent means {@link #EXTERNAL_TABLE} (Glue's usual default). */
    public static TableType parse(String text) {
        if (text == null || text.isBlank()) {
            return EXTERNAL_TABLE;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("unknown table type '" + text + "'; expected one of MANAGED_TABLE, "
                    + "EXTERNAL_TABLE, VIRTUAL_VIEW, MATERIALIZED_VIEW");
        }
    }
}
