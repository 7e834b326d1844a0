package io.cairn.catalog.hms;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Iceberg types as Hive type strings, for the columns a metastore client shows for an Iceberg table. */
final class HiveTypes {

    private HiveTypes() {
    }

    static List<FieldSchema> columns(Schema schema) {
        return schema.columns().stream()
                .map(field -> new FieldSchema(field.name(), hiveType(field.type()), field.doc()))
                .toList();
    }

    static String hiveType(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DATE -> "date";
            // Hive has no time type; engines read Iceberg times as strings.
            case TIME, STRING, UUID -> "string";
            case TIMESTAMP, TIMESTAMP_NANO -> "timestamp";
            case FIXED, BINARY -> "binary";
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
            }
            case STRUCT -> type.asStructType().fields().stream()
                    .map(field -> field.name() + ":" + hiveType(field.type()))
                    .collect(Collectors.joining(",", "struct<", ">"));
            case LIST -> "array<" + hiveType(type.asListType().elementType()) + ">";
            case MAP -> "map<" + hiveType(type.asMapType().keyType()) + "," + hiveType(type.asMapType().valueType()) + ">";
            default -> "string";
        };
    }
}
