package io.cairn.embedded.esnode;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.elasticsearch.Build;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.BindHttpException;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.ClassPathModulesLoader;
import org.elasticsearch.plugins.ClassPathModulesLoader.ClassPathModule;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.transport.BindTransportException;
import org.elasticsearch.transport.TransportService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Entry point of the embedded Elasticsearch node, called reflectively from {@code cairn-embedded-elasticsearch}
 * across the class-loader boundary. Only JDK types go in and out:
 *
 * <pre>{@code
 * AutoCloseable node = NodeBootstrap.start(Map<String, String> settings, Path configDir);
 * Map<String, String> info = ((Supplier<Map<String, String>>) node).get();   // http.address, transport.address, version
 * node.close();                                                                // stops the node and its logging
 * }</pre>
 *
 * <p>Every exception thrown is made of JDK classes only (see {@link JdkThrowables}); a failure to bind the HTTP or
 * transport port is a {@link BindException} whose message is {@code "http"} or {@code "transport"}.
 *
 * <p>The node is built like Elasticsearch's own in-JVM test node: the public {@link Node} constructor with a
 * {@link PluginsLoader} that serves the class-path module {@code transport-netty4} (real Netty HTTP and transport).
 * None of the production bootstrap runs (no security manager or entitlements, no native calls, no JVM-wide
 * logging changes, no bootstrap checks).
 */
public final class NodeBootstrap {

    /** Keeps Elasticsearch from sizing Netty's global processor count (harmless with an isolated Netty, but asked for). */
    static final String NETTY_PROCESSORS_PROPERTY = "es.set.netty.runtime.available.processors";

    /**
     * JVM-wide system properties that starting the node sets and nothing reads afterwards: ours for Netty, and JNA's
     * informational {@code jna.loaded} / {@code jnidispatch.path}. Put back as they were right after start (and after
     * close). Elasticsearch's own {@code es.logs.*} are never set: its LogConfigurator is not used.
     */
    static final SystemProperties STARTUP_PROPERTIES = new SystemProperties(NETTY_PROCESSORS_PROPERTY, "jna.loaded", "jnidispatch.path");

    /**
     * JVM-wide system properties that JNA (for Elasticsearch's native access on Java 17-20) sets and may read again
     * while the node runs: the library search paths. Put back as they were after close.
     */
    static final SystemProperties RUNTIME_PROPERTIES = new SystemProperties("jna.library.path", "jna.platform.library.path");

    private NodeBootstrap() {}

    /**
     * Builds and starts the node; returns once it has joined its single-node cluster and HTTP is bound.
     *
     * @param settings node settings ({@code path.home}, {@code path.data}, {@code path.logs}, {@code http.port}, ...)
     * @param configDir the node's config directory (must exist)
     * @return the running node: {@link AutoCloseable} and {@code Supplier<Map<String, String>>}
     */
    public static AutoCloseable start(Map<String, String> settings, Path configDir) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previousContextLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(NodeBootstrap.class.getClassLoader());
        Map<String, String> startupPropertiesBefore = STARTUP_PROPERTIES.snapshot();
        Map<String, String> runtimePropertiesBefore = RUNTIME_PROPERTIES.snapshot();
        LoggerContext logging = null;
        Node node = null;
        try {
            System.setProperty(NETTY_PROCESSORS_PROPERTY, "false");
            String logs = settings.get("path.logs");
            if (logs == null || settings.get("path.home") == null || settings.get("path.data") == null) {
                throw new IllegalArgumentException("path.home, path.data and path.logs are required");
            }
            Files.createDirectories(Path.of(logs));
            logging = EsLogging.configure(Path.of(logs), Level.WARN);

            Settings.Builder builder = Settings.builder();
            settings.forEach(builder::put);
            Environment environment = new Environment(builder.build(), configDir);

            Path netty4Jar = codeSourceDir(Netty4Plugin.class, configDir);
            PluginsLoader plugins = ClassPathModulesLoader.of(List.of(
                    new ClassPathModule("transport-netty4", Netty4Plugin.class),
                    new ClassPathModule("cairn-pattern-tokenizer", PatternTokenizerPlugin.class)), netty4Jar);

            node = new Node(environment, plugins);
            node.start();
            return new RunningNode(node, logging, startupPropertiesBefore, runtimePropertiesBefore);
        } catch (Throwable failure) {
            Throwable reported = classify(failure);
            if (node != null) {
                try {
                    node.close();
                    node.awaitClose(30, TimeUnit.SECONDS);
                } catch (Throwable closeFailure) {
                    reported.addSuppressed(JdkThrowables.translate(closeFailure));
                }
            }
            JnaRelease.release();
            EsLogging.shutdown(logging);
            RUNTIME_PROPERTIES.restore(runtimePropertiesBefore);
            if (reported instanceof Exception e) {
                throw e;
            }
            throw (Error) reported;
        } finally {
            STARTUP_PROPERTIES.restore(startupPropertiesBefore);
            thread.setContextClassLoader(previousContextLoader);
        }
    }

    private static Throwable classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String kind = t instanceof BindHttpException ? "http" : t instanceof BindTransportException ? "transport" : null;
            if (kind != null) {
                BindException bind = new BindException(kind);
                bind.initCause(JdkThrowables.translate(failure));
                return bind;
            }
        }
        return JdkThrowables.translate(failure);
    }

    private static Path codeSourceDir(Class<?> type, Path fallback) {
        try {
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(jar) ? jar : jar.getParent();
        } catch (Exception | Error e) {
            return fallback;
        }
    }

    /** The running node, as seen from the other side of the class-loader boundary. */
    private static final class RunningNode implements AutoCloseable, Supplier<Map<String, String>> {
        private final Node node;
        private final LoggerContext logging;
        private final Map<String, String> startupPropertiesBefore;
        private final Map<String, String> runtimePropertiesBefore;
        private final Map<String, String> info;
        private boolean closed;

        RunningNode(Node node, LoggerContext logging, Map<String, String> startupPropertiesBefore, Map<String, String> runtimePropertiesBefore) {
            this.node = node;
            this.logging = logging;
            this.startupPropertiesBefore = startupPropertiesBefore;
            this.runtimePropertiesBefore = runtimePropertiesBefore;
            Map<String, String> info = new LinkedHashMap<>();
            info.put("version", Build.current().version());
            info.put("http.address", format(node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress()));
            info.put("transport.address", format(node.injector().getInstance(TransportService.class).boundAddress().publishAddress()));
            info.put("node.name", node.settings().get("node.name", ""));
            this.info = Map.copyOf(info);
        }

        private static String format(TransportAddress address) {
            String host = address.getAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
        }

        @Override
        public Map<String, String> get() {
            return info;
        }

        @Override
        public synchronized void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            Thread thread = Thread.currentThread();
            ClassLoader previousContextLoader = thread.getContextClassLoader();
            thread.setContextClassLoader(NodeBootstrap.class.getClassLoader());
            try {
                node.close();
                if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                    Logger logger = LogManager.getLogger(NodeBootstrap.class);
                    logger.warn("Elasticsearch thread pools did not terminate within 30 s");
                }
            } catch (Throwable failure) {
                Throwable reported = JdkThrowables.translate(failure);
                if (reported instanceof Exception e) {
                    throw e;
                }
                throw (Error) reported;
            } finally {
                JnaRelease.release();
                EsLogging.shutdown(logging);
                STARTUP_PROPERTIES.restore(startupPropertiesBefore); // JNA's dispose() sets jna.loaded again
                RUNTIME_PROPERTIES.restore(runtimePropertiesBefore);
                thread.setContextClassLoader(previousContextLoader);
            }
        }
    }
}
