package io.cairn.catalog.hms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.UnknownDBException;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * Calls of the Hive 2.3 and 3.1 IDLs that Hive 4 removed, which Spark's built-in Hive 2.3 client and Iceberg's
 * HiveCatalog still make. Arguments and results follow those IDLs field by field and reuse the generated structs
 * (a {@link Table} is the same on the wire):
 * <pre>
 * Table get_table(1: string dbname, 2: string tbl_name) throws (1: MetaException o1, 2: NoSuchObjectException o2)
 * list&lt;Table&gt; get_table_objects_by_name(1: string dbname, 2: list&lt;string&gt; tbl_names)
 *     throws (1: MetaException o1, 2: InvalidOperationException o2, 3: UnknownDBException o3)
 * </pre>
 */
final class LegacyCalls {

    private static final int MAX_NAMES = 10_000;

    private LegacyCalls() {
    }

    static void register(HmsHandler handler, Map<String, HmsCall> calls) {
        calls.putIfAbsent("get_table", (sequenceId, in, out) -> {
            Arguments arguments = Arguments.read(in);
            Object result;
            try {
                result = handler.get_table(arguments.string(1), arguments.string(2));
            } catch (Exception e) {
                result = HmsErrors.translate(e, List.of(MetaException.class, NoSuchObjectException.class));
            }
            reply(out, "get_table", sequenceId, result, List.of(MetaException.class, NoSuchObjectException.class));
        });
        calls.putIfAbsent("get_table_objects_by_name", (sequenceId, in, out) -> {
            Arguments arguments = Arguments.read(in);
            List<Class<?>> declared = List.of(MetaException.class, InvalidOperationException.class, UnknownDBException.class);
            Object result;
            try {
                result = handler.get_table_objects_by_name(arguments.string(1), arguments.strings(2));
            } catch (Exception e) {
                result = HmsErrors.translate(e, declared);
            }
            reply(out, "get_table_objects_by_name", sequenceId, result, declared);
        });
    }

    /** The two argument shapes these calls use: strings and a list of strings, by field id. */
    private record Arguments(Map<Short, Object> fields) {

        static Arguments read(TProtocol in) throws TException {
            Map<Short, Object> fields = new java.util.HashMap<>();
            in.readStructBegin();
            while (true) {
                TField field = in.readFieldBegin();
                if (field.type == TType.STOP) {
                    break;
                }
                if (field.type == TType.STRING) {
                    fields.put(field.id, in.readString());
                } else if (field.type == TType.LIST) {
                    TList list = in.readListBegin();
                    if (list.elemType != TType.STRING || list.size > MAX_NAMES) {
                        throw new org.apache.thrift.protocol.TProtocolException(org.apache.thrift.protocol.TProtocolException.INVALID_DATA,
                                "expected a list of at most " + MAX_NAMES + " strings");
                    }
                    List<String> values = new ArrayList<>(list.size);
                    for (int i = 0; i < list.size; i++) {
                        values.add(in.readString());
                    }
                    in.readListEnd();
                    fields.put(field.id, values);
                } else {
                    TProtocolUtil.skip(in, field.type);
                }
                in.readFieldEnd();
            }
            in.readStructEnd();
            in.readMessageEnd();
            return new Arguments(fields);
        }

        String string(int id) {
            return fields.get((short) id) instanceof String value ? value : null;
        }

        @SuppressWarnings("unchecked")
        List<String> strings(int id) {
            return fields.get((short) id) instanceof List<?> values ? (List<String>) values : List.of();
        }
    }

    /** Writes {@code name_result}: field 0 for the value, field 1.. for the declared exception that occurred. */
    private static void reply(TProtocol out, String name, int sequenceId, Object result, List<Class<?>> declared)
            throws TException {
        if (result instanceof TException failure && !declared.contains(failure.getClass())) {
            org.apache.thrift.TApplicationException error = failure instanceof org.apache.thrift.TApplicationException application
                    ? application
                    : new org.apache.thrift.TApplicationException(org.apache.thrift.TApplicationException.INTERNAL_ERROR, failure.getMessage());
            out.writeMessageBegin(new TMessage(name, TMessageType.EXCEPTION, sequenceId));
            error.write(out);
            out.writeMessageEnd();
            out.getTransport().flush();
            return;
        }
        out.writeMessageBegin(new TMessage(name, TMessageType.REPLY, sequenceId));
        out.writeStructBegin(new TStruct(name + "_result"));
        if (result instanceof TException failure) {
            short id = (short) (declared.indexOf(failure.getClass()) + 1);
            out.writeFieldBegin(new TField("o" + id, TType.STRUCT, id));
            ((TBase<?, ?>) failure).write(out);
            out.writeFieldEnd();
        } else if (result instanceof Table table) {
            out.writeFieldBegin(new TField("success", TType.STRUCT, (short) 0));
            table.write(out);
            out.writeFieldEnd();
        } else if (result instanceof List<?> tables) {
            out.writeFieldBegin(new TField("success", TType.LIST, (short) 0));
            out.writeListBegin(new TList(TType.STRUCT, tables.size()));
            for (Object table : tables) {
                ((Table) table).write(out);
            }
            out.writeListEnd();
            out.writeFieldEnd();
        }
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
        out.getTransport().flush();
    }
}
