package io.cairn.catalog.hive;

import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** An Iceberg type as a Hive type string, the way Iceberg's HiveCatalog and GlueCatalog write their columns. */
public final class IcebergHiveTypes {

    private IcebergHiveTypes() {
    }

    public static String hiveType(Type type) {
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
            case STRUCT -> "struct<" + type.asStructType().fields().stream()
                    .map(field -> field.name() + ":" + hiveType(field.type())).collect(Collectors.joining(",")) + ">";
            case LIST -> "array<" + hiveType(type.asListType().elementType()) + ">";
            case MAP -> "map<" + hiveType(type.asMapType().keyType()) + "," + hiveType(type.asMapType().valueType()) + ">";
            default -> type.toString();
        };
    }
}
