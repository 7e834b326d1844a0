package io.cairn.embedded.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch 8.19 node (server + transport-netty4: real HTTP) running inside this JVM, in a class loader
 * of its own: a {@link URLClassLoader} over the jars of {@code cairn-embedded-es-node} with the platform class
 * loader as parent. Elasticsearch's Lucene 9.12, Netty and log4j therefore never meet the application's (Neo4j's
 * Lucene 9.11, Spring Boot's logging); only JDK types cross the boundary.
 *
 * <p>Layout under {@code dataDir}: {@code data/} (indices), {@code logs/elasticsearch.log} (the node's log; only
 * WARN and above also reach the console), {@code config/}, and {@code .runtime/es-<hash>/lib/} (the node's jars,
 * unpacked from this module's {@code cairn/elasticsearch/es-node-dist.zip} resource and reused while unchanged).
 *
 * <p>The embedded node lacks the modules that Elasticsearch does not publish for 8.x (so {@code GET /} answers 405
 * and a client's {@code info()}/{@code ping()} fail; no {@code analysis-common}, {@code mapper-extras}, painless,
 * reindex, ingest); the server core's analyzers,
 * {@code index_prefixes}, {@code completion}, {@code terms} aggregations, bool/multi_match/function_score queries,
 * {@code _bulk} and external versioning are all there.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

    static final String BOOTSTRAP_CLASS = "io.cairn.embedded.esnode.NodeBootstrap";
    static final String CLUSTER_NAME = "cairn-embedded";
    static final String NODE_NAME = "cairn-embedded";
    private static final int HEALTH_TIMEOUT_SECONDS = 60;
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    /**
     * Starts and stops of all nodes in this JVM take turns: each sets and restores a few JVM-wide system properties
     * (see NodeBootstrap), which must not interleave.
     */
    private static final Object LIFECYCLE = new Object();

    private final Path dataDir;
    private final URLClassLoader loader;
    private final AutoCloseable node;
    private final String httpUri;
    private final String version;
    private boolean closed;

    private EmbeddedElasticsearch(Path dataDir, URLClassLoader loader, AutoCloseable node, String httpUri, String version) {
        this.dataDir = dataDir;
        this.loader = loader;
        this.node = node;
        this.httpUri = httpUri;
        this.version = version;
    }

    /**
     * Starts a single-node cluster whose data, logs and config live under {@code dataDir}; binds HTTP to
     * {@code host:httpPort} and transport to a free port. Blocks until the cluster is at least yellow. A restart
     * on the same {@code dataDir} keeps the indices.
     *
     * @param httpPort the HTTP port, or 0 for a free one
     * @throws EmbeddedElasticsearchException if the port is in use ("Elasticsearch HTTP port 127.0.0.1:9200 is
     *     already in use") or the node cannot start
     */
    public static EmbeddedElasticsearch start(Path dataDir, String host, int httpPort) {
        return start(dataDir, host, httpPort, 0);
    }

    /** As {@link #start(Path, String, int)}, with a given transport port (0: a free one). */
    public static EmbeddedElasticsearch start(Path dataDir, String host, int httpPort, int transportPort) {
        return start(dataDir, host, httpPort, transportPort, true);
    }

    /** {@code checkPortsFirst = false} only for tests: leaves it to Elasticsearch to find a taken port. */
    static EmbeddedElasticsearch start(Path dataDir, String host, int httpPort, int transportPort, boolean checkPortsFirst) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        checkPortRange("HTTP", httpPort);
        checkPortRange("transport", transportPort);
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();

        if (checkPortsFirst) {
            ensureFree("HTTP", host, httpPort);
            ensureFree("transport", host, transportPort);
        }

        Path configDir = dir.resolve("config");
        URLClassLoader loader;
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(configDir);
            loader = isolatedLoader(NodeRuntime.libDir(dir.resolve(".runtime")));
            log.debug("Elasticsearch runtime ready after {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedElasticsearchException("Elasticsearch could not be prepared in " + dir + ": " + e.getMessage(), e);
        }

        Map<String, String> settings = settings(dir, host, httpPort, transportPort);
        AutoCloseable node;
        try {
            synchronized (LIFECYCLE) {
                node = OwnThread.call("cairn-elasticsearch-start", loader, () -> {
                    Method start = Class.forName(BOOTSTRAP_CLASS, true, loader).getMethod("start", Map.class, Path.class);
                    return (AutoCloseable) start.invoke(null, settings, configDir);
                });
            }
        } catch (Throwable failure) {
            releaseJdkThreadsHolding(loader);
            closeQuietly(loader);
            throw startFailure(unwrap(failure), dir, host, httpPort, transportPort);
        }

        log.debug("Elasticsearch node started after {} ms", (System.nanoTime() - started) / 1_000_000);
        @SuppressWarnings("unchecked")
        Map<String, String> info = ((Supplier<Map<String, String>>) node).get();
        String httpAddress = info.get("http.address");
        int boundPort = Integer.parseInt(httpAddress.substring(httpAddress.lastIndexOf(':') + 1));
        String uri = "http://" + uriHost(host, httpAddress) + ":" + boundPort;
        EmbeddedElasticsearch es = new EmbeddedElasticsearch(dir, loader, node, uri, info.get("version"));
        try {
            es.awaitYellow();
        } catch (RuntimeException e) {
            try {
                es.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        log.info(
            "Elasticsearch {} started at {} in {} ms (data in {})",
            es.version,
            uri,
            (System.nanoTime() - started) / 1_000_000,
            dir
        );
        return es;
    }

    /** The base URI of the node's HTTP API, e.g. {@code http://127.0.0.1:9200}. */
    public String httpUri() {
        return httpUri;
    }

    /** The Elasticsearch version, e.g. {@code 8.19.21}. */
    public String version() {
        return version;
    }

    /** The directory given to {@link #start}, as an absolute path. */
    public Path dataDir() {
        return dataDir;
    }

    /** The isolated class loader (for tests). */
    ClassLoader classLoader() {
        return loader;
    }

    /**
     * Stops the node and closes its class loader. Afterwards its HTTP and transport ports are free, none of its
     * threads (Elasticsearch's, Netty's, JNA's) is left, and nothing JVM-wide holds on to its classes. Calling it
     * again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            synchronized (LIFECYCLE) {
                OwnThread.call("cairn-elasticsearch-stop", loader, () -> {
                    node.close();
                    return null;
                });
            }
        } catch (Throwable t) {
            failure = unwrap(t);
        }
        releaseJdkThreadsHolding(loader);
        try {
            loader.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw new EmbeddedElasticsearchException("Elasticsearch at " + httpUri + " did not stop cleanly: " + failure.getMessage(), failure);
        }
        log.info("Elasticsearch at {} stopped in {} ms", httpUri, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public String toString() {
        return "EmbeddedElasticsearch[" + httpUri + ", " + dataDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    static Map<String, String> settings(Path dir, String host, int httpPort, int transportPort) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("cluster.name", CLUSTER_NAME);
        s.put("node.name", NODE_NAME);
        s.put("path.home", dir.toString());
        s.put("path.data", dir.resolve("data").toString());
        s.put("path.logs", dir.resolve("logs").toString());
        s.put("network.host", host);
        s.put("http.port", Integer.toString(httpPort));
        s.put("transport.port", Integer.toString(transportPort));
        s.put("discovery.type", "single-node");
        // a nearly full disk would otherwise make every index read-only, and a test machine's disk often is
        s.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        // the heap is shared with the application (Neo4j, Kafka): do not trip the parent breaker on their memory
        s.put("indices.breaker.total.use_real_memory", "false");
        return s;
    }

    private static URLClassLoader isolatedLoader(Path libDir) throws IOException {
        List<Path> jars = NodeRuntime.jars(libDir);
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        URLClassLoader loader = new URLClassLoader("cairn-elasticsearch", urls, ClassLoader.getPlatformClassLoader());
        // like a production node: Elasticsearch's (expensive, test-only) assertions off even under -ea
        loader.setDefaultAssertionStatus(false);
        return loader;
    }

    private void awaitYellow() {
        URI health = URI.create(httpUri + "/_cluster/health?wait_for_status=yellow&timeout=" + HEALTH_TIMEOUT_SECONDS + "s");
        int status;
        String body;
        try {
            HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout((HEALTH_TIMEOUT_SECONDS + 10) * 1000);
            status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException("Elasticsearch started but " + health + " failed: " + e.getMessage(), e);
        }
        Matcher m = STATUS.matcher(body);
        String color = m.find() ? m.group(1) : "unknown";
        if (status != 200 || (color.equals("green") == false && color.equals("yellow") == false)) {
            throw new EmbeddedElasticsearchException(
                "Elasticsearch in " + dataDir + " did not reach cluster health yellow within " + HEALTH_TIMEOUT_SECONDS
                    + " s (HTTP " + status + ", status " + color + ")"
            );
        }
    }

    private static void checkPortRange(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Elasticsearch " + what + " port " + port + " is not between 0 and 65535");
        }
    }

    /** Fails fast, with a clear message, when the port is taken (Elasticsearch would report the same, less plainly). */
    private static void ensureFree(String what, String host, int port) {
        if (port == 0 || isEsSpecialHost(host)) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Netty does: a port in TIME_WAIT is free to listen on
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw portInUse(what, host, port, e);
        } catch (IOException e) {
            // e.g. an unresolvable host: let Elasticsearch report it
        }
    }

    private static EmbeddedElasticsearchException portInUse(String what, String host, int port, Throwable cause) {
        return new EmbeddedElasticsearchException(
            "Elasticsearch " + what + " port " + hostForDisplay(host) + ":" + port + " is already in use",
            cause
        );
    }

    private static EmbeddedElasticsearchException startFailure(Throwable failure, Path dir, String host, int httpPort, int transportPort) {
        if (failure instanceof BindException && "http".equals(failure.getMessage())) {
            return portInUse("HTTP", host, httpPort, failure);
        }
        if (failure instanceof BindException && "transport".equals(failure.getMessage())) {
            return portInUse("transport", host, transportPort, failure);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new EmbeddedElasticsearchException(
            "Elasticsearch could not start in " + dir + ": " + (root.getMessage() != null ? root.getMessage() : root.toString()),
            failure
        );
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isEsSpecialHost(String host) {
        return host.length() > 1 && host.startsWith("_") && host.endsWith("_");
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String hostForDisplay(String host) {
        return host.indexOf(':') >= 0 && host.startsWith("[") == false ? "[" + host + "]" : host;
    }

    private static String uriHost(String host, String publishAddress) {
        if (isWildcard(host) || isEsSpecialHost(host)) {
            return publishAddress.substring(0, publishAddress.lastIndexOf(':')); // already bracketed if IPv6
        }
        return hostForDisplay(host);
    }

    /**
     * JDK-owned threads that the node caused to be created (JNA's {@code ldconfig} call starts the JDK's shared
     * "process reaper") inherited the isolated loader as context class loader, and would keep it, with every class
     * of Elasticsearch, in memory while they live. They never use it: hand them the platform loader instead.
     */
    private static void releaseJdkThreadsHolding(ClassLoader isolated) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader threadClassLoader = t.getClass().getClassLoader();
            boolean jdkThread = threadClassLoader == null || threadClassLoader == ClassLoader.getPlatformClassLoader();
            if (jdkThread && t.getContextClassLoader() == isolated) {
                t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            }
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /**
     * Runs Elasticsearch code on a fresh, short-lived thread whose context class loader is the isolated one. The
     * caller's thread keeps its context class loader, and no thread-local of Elasticsearch's classes stays on a
     * long-lived application thread (which would pin the class loader after close). Threads Elasticsearch starts
     * from here inherit the isolated context class loader.
     */
    private static final class OwnThread {
        private Object result;
        private Throwable failure;

        static <T> T call(String name, ClassLoader contextLoader, Callable<T> task) throws Throwable {
            OwnThread call = new OwnThread();
            Thread thread = new Thread(() -> {
                try {
                    call.result = task.call();
                } catch (Throwable t) {
                    call.failure = t;
                }
            }, name);
            thread.setDaemon(true);
            thread.setContextClassLoader(contextLoader);
            thread.start();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // starting or stopping cannot be abandoned half-way; finish, then re-assert
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (call.failure != null) {
                throw call.failure;
            }
            @SuppressWarnings("unchecked")
            T result = (T) call.result;
            return result;
        }
    }
}
