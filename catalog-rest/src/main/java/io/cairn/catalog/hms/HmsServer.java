package io.cairn.catalog.hms;

import io.cairn.catalog.Catalogs;
import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.ClientCredential;
import io.cairn.metadata.auth.InvalidTokenException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TSaslServerTransport;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hive Metastore Thrift endpoint: binary protocol over plain sockets (or SASL PLAIN), one thread per connection
 * up to a bound. Bad bytes on one connection close that connection only; strings and containers are bounded so a
 * forged length cannot make the server allocate gigabytes.
 */
public final class HmsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HmsServer.class);

    private final HmsServerSettings settings;
    private final TThreadPoolServer server;
    private final TServerSocket socket;
    private final Thread serving;

    public HmsServer(HmsServerSettings settings, HiveMetastores metastores, Authenticator authenticator, Clock clock)
            throws TTransportException {
        this.settings = settings;
        Catalogs catalogs = metastores.catalogs();
        HmsCatalogs hmsCatalogs = new HmsCatalogs(catalogs);
        HmsDirectories directories = new HmsDirectories();
        HmsTables tables = new HmsTables(hmsCatalogs, metastores, directories);
        HmsHandler handler = new HmsHandler(hmsCatalogs, new HmsDatabases(hmsCatalogs, directories, tables), tables,
                new HmsPartitions(hmsCatalogs, metastores, directories), new HmsLocks(catalogs.graph().store(), clock),
                clock.millis());
        this.socket = new TServerSocket(new InetSocketAddress(settings.host(), settings.port()));
        AtomicInteger threads = new AtomicInteger();
        // No queue: a connection beyond the bound is refused at once rather than waiting unserved.
        ThreadPoolExecutor workers = new ThreadPoolExecutor(1, settings.maxConnections(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "cairn-hms-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        int limit = settings.maxMessageBytes();
        TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
                .processor(new HmsDispatcher(handler))
                .protocolFactory(new TBinaryProtocol.Factory(false, true, limit, limit))
                .transportFactory(transportFactory(settings, authenticator))
                .executorService(workers);
        this.server = new TThreadPoolServer(args);
        server.setServerEventHandler(new Sessions(settings));
        this.serving = new Thread(server::serve, "cairn-hms-acceptor");
        serving.setDaemon(true);
    }

    public void start() {
        serving.start();
        LOG.info("Hive Metastore Thrift API listening on {}:{} (auth {})", settings.host(), port(), settings.auth());
    }

    /** The bound port (the configured one, or the one the system chose for port 0). */
    public int port() {
        return socket.getServerSocket().getLocalPort();
    }

    public boolean isServing() {
        return server.isServing();
    }

    @Override
    public void close() {
        server.stop();
        socket.close();
    }

    private static TTransportFactory transportFactory(HmsServerSettings settings, Authenticator authenticator) {
        if (settings.auth() == HmsAuthMode.NONE) {
            return new TTransportFactory();
        }
        PlainSaslServerFactory.install();
        TSaslServerTransport.Factory sasl = new TSaslServerTransport.Factory();
        sasl.addServerDefinition(PlainSaslServer.MECHANISM, "cairn", "cairn", Map.of(), callbacks -> {
            for (Callback callback : callbacks) {
                if (!(callback instanceof PlainSaslServer.CredentialCallback credential)) {
                    throw new UnsupportedCallbackException(callback);
                }
                try {
                    authenticator.issueToken(new ClientCredential(credential.clientId(), credential.secret()))
                            .map(token -> authenticator.authenticate(token.accessToken()))
                            .ifPresent(credential::authenticated);
                } catch (InvalidTokenException | IllegalArgumentException refused) {
                    // Left unauthenticated: the SASL server refuses the connection.
                }
            }
        });
        return sasl;
    }

    /** Opens a session per connection and makes it current on the connection's thread before each call. */
    private static final class Sessions implements TServerEventHandler {

        private final HmsServerSettings settings;

        Sessions(HmsServerSettings settings) {
            this.settings = settings;
        }

        @Override
        public void preServe() {
        }

        @Override
        public ServerContext createContext(TProtocol input, TProtocol output) {
            TTransport transport = input.getTransport();
            if (transport instanceof TSaslServerTransport sasl && sasl.getSaslServer() != null
                    && sasl.getSaslServer().isComplete()) {
                return HmsSession.authenticated((Actor) sasl.getSaslServer().getNegotiatedProperty(PlainSaslServer.ACTOR));
            }
            if (settings.auth() != HmsAuthMode.NONE) {
                // Unreachable with a SASL transport factory; refusing keeps a wiring mistake from opening the door.
                throw new IllegalStateException("metastore connection without completed SASL authentication");
            }
            return HmsSession.anonymous(settings.unauthenticatedRole());
        }

        @Override
        public void deleteContext(ServerContext context, TProtocol input, TProtocol output) {
            HmsSessions.clear();
        }

        @Override
        public void processContext(ServerContext context, TTransport input, TTransport output) {
            HmsSessions.set((HmsSession) context);
        }
    }
}
