package io.cairn.catalog.hms;

import io.cairn.catalog.hive.IcebergHiveTypes;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.iceberg.Schema;

/** The columns a metastore client shows for an Iceberg table, typed as Iceberg's HiveCatalog writes them. */
final class HiveTypes {

    private HiveTypes() {
    }

    static List<FieldSchema> columns(Schema schema) {
        return schema.columns().stream()
                .map(field -> new FieldSchema(field.name(), IcebergHiveTypes.hiveType(field.type()), field.doc()))
                .toList();
    }
}
