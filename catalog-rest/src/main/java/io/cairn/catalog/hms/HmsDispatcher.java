package io.cairn.catalog.hms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.ProcessFunction;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;

/**
 * Serves the union of the Hive 2.3, 3.1 and 4.x metastore IDLs by method name. Calls in the Hive 4 IDL go through
 * its generated processors, bound to the same-named method of {@link HmsHandler}; calls Hive 4 removed but older
 * clients still make come from {@link LegacyCalls}. A call nobody serves is answered with
 * {@code TApplicationException(UNKNOWN_METHOD)} after its arguments are skipped, so the connection stays usable.
 */
final class HmsDispatcher implements TProcessor {

    private final Map<String, HmsCall> calls;

    HmsDispatcher(HmsHandler handler) {
        Map<String, HmsCall> all = new HashMap<>();
        ThriftHiveMetastore.Iface iface = iface(handler);
        Map<String, ProcessFunction<ThriftHiveMetastore.Iface, ?>> generated = new ThriftHiveMetastore.Processor<>(iface).getProcessMapView();
        Map<String, Method> served = servedMethods();
        generated.forEach((name, function) -> {
            if (served.containsKey(name)) {
                all.put(name, (sequenceId, in, out) -> function.process(sequenceId, in, out, iface));
            }
        });
        LegacyCalls.register(handler, all);
        this.calls = Map.copyOf(all);
    }

    @Override
    public void process(TProtocol in, TProtocol out) throws TException {
        TMessage message = in.readMessageBegin();
        HmsCall call = calls.get(message.name);
        if (call == null) {
            TProtocolUtil.skip(in, TType.STRUCT);
            in.readMessageEnd();
            if (message.type == TMessageType.ONEWAY) {
                return;
            }
            TApplicationException unknown = new TApplicationException(TApplicationException.UNKNOWN_METHOD,
                    "Invalid method name: '" + message.name + "'");
            out.writeMessageBegin(new TMessage(message.name, TMessageType.EXCEPTION, message.seqid));
            unknown.write(out);
            out.writeMessageEnd();
            out.getTransport().flush();
            return;
        }
        call.process(message.seqid, in, out);
    }

    private static Map<String, Method> servedMethods() {
        Map<String, Method> methods = new HashMap<>();
        for (Method method : HmsHandler.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(method.getModifiers())) {
                methods.put(method.getName(), method);
            }
        }
        return methods;
    }

    /**
     * The generated interface, answered by the handler's method of the same name and parameter types; errors become
     * the metastore exceptions the call declares.
     */
    private static ThriftHiveMetastore.Iface iface(HmsHandler handler) {
        Map<String, Method> served = servedMethods();
        InvocationHandler invocation = (proxy, method, arguments) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "HmsHandler proxy";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            Method target = served.get(method.getName());
            if (target == null || !java.util.Arrays.equals(target.getParameterTypes(), method.getParameterTypes())) {
                throw new TApplicationException(TApplicationException.UNKNOWN_METHOD,
                        "Cairn's metastore does not serve '" + method.getName() + "'");
            }
            try {
                return target.invoke(handler, arguments);
            } catch (InvocationTargetException e) {
                throw HmsErrors.translate(e.getCause(), List.of(method.getExceptionTypes()));
            }
        };
        return (ThriftHiveMetastore.Iface) Proxy.newProxyInstance(HmsDispatcher.class.getClassLoader(),
                new Class<?>[] {ThriftHiveMetastore.Iface.class}, invocation);
    }
}
