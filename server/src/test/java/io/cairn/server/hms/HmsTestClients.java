package io.cairn.server.hms;

import java.util.Map;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TSaslClientTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;

/** Opens metastore connections as Hive 4's {@code metastore.client.auth.mode=PLAIN} does: SASL PLAIN over a socket. */
final class HmsTestClients {

    private HmsTestClients() {
    }

    static TTransport sasl(int port, String user, String secret) throws TException, SaslException {
        // The shared test machine is slow: a generous socket timeout keeps a busy server from looking dead.
        TSocket socket = new TSocket("127.0.0.1", port, 120_000);
        TTransport sasl = new TSaslClientTransport("PLAIN", null, null, null, Map.of(), callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback password) {
                    password.setPassword(secret.toCharArray());
                }
            }
        }, socket);
        sasl.open();
        return sasl;
    }
}
