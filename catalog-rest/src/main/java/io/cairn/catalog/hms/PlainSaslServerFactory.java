package io.cairn.catalog.hms;

import java.security.Provider;
import java.security.Security;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

/**
 * Makes {@link PlainSaslServer} available to {@code javax.security.sasl.Sasl}, which Thrift's SASL transport uses
 * to create servers by mechanism name.
 */
public final class PlainSaslServerFactory implements SaslServerFactory {

    private static final String PROVIDER = "CairnSaslPlain";

    /** Public for the security provider, which instantiates it reflectively. */
    public PlainSaslServerFactory() {
    }

    @Override
    public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> props,
                                       CallbackHandler handler) {
        return PlainSaslServer.MECHANISM.equals(mechanism) ? new PlainSaslServer(handler) : null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        return new String[] {PlainSaslServer.MECHANISM};
    }

    static synchronized void install() {
        if (Security.getProvider(PROVIDER) == null) {
            Security.addProvider(new PlainProvider());
        }
    }

    private static final class PlainProvider extends Provider {
        PlainProvider() {
            super(PROVIDER, "1.0", "SASL PLAIN server for Cairn's Hive Metastore endpoint");
            put("SaslServerFactory." + PlainSaslServer.MECHANISM, PlainSaslServerFactory.class.getName());
        }
    }
}
