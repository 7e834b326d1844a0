package io.cairn.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, persistent, single-node Kafka broker in KRaft mode (one process acting as broker and controller), run
 * inside this JVM.
 *
 * <p>Layout of {@code dataDir}:
 * <ul>
 *   <li>{@code cluster.id} &ndash; the cluster id chosen on first start (kept so the id is stable and visible);</li>
 *   <li>{@code kraft/} &ndash; Kafka's log directory: {@code meta.properties}, the {@code __cluster_metadata} log and
 *       every topic partition, including {@code __consumer_offsets}.</li>
 * </ul>
 * The log directory is formatted on first start and reused afterwards, so topics, messages and consumer-group
 * offsets survive a restart. The quorum uses a static voter set ({@code controller.quorum.voters}), so the ports may
 * differ between runs on the same directory.
 *
 * <p>Fatal faults inside Kafka (for instance a corrupt metadata log) are handled by Kafka's own fault handlers, which
 * may halt the JVM; this is Kafka's behaviour and is not overridden here.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    static final int NODE_ID = 1;
    static final String LOG_DIR_NAME = "kraft";
    static final String CLUSTER_ID_FILE = "cluster.id";
    private static final String META_PROPERTIES = "meta.properties";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String clusterId, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
        this.dataDir = dataDir;
    }

    /**
     * Starts a KRaft broker+controller whose metadata and logs live under {@code dataDir} (formatted on first start,
     * reused on later starts: topics, messages and consumer-group offsets survive a restart). Client listener on
     * {@code host:brokerPort}, controller listener on {@code host:controllerPort}. Blocks until the broker accepts
     * clients.
     *
     * @throws IllegalArgumentException if an argument is invalid or the host cannot be resolved
     * @throws IllegalStateException if a port is already in use (the message names the port), or Kafka fails to start
     * @throws UncheckedIOException if {@code dataDir} cannot be created or written
     */
    public static EmbeddedKafka start(Path dataDir, String host, int brokerPort, int controllerPort) {
        if (dataDir == null) {
            throw new IllegalArgumentException("Kafka data directory must not be null.");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Kafka host must not be blank.");
        }
        checkPortNumber("broker", brokerPort);
        checkPortNumber("controller", controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException(
                    "Kafka broker and controller ports must differ, both are " + brokerPort + ".");
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        InetAddress address = resolve(host);
        ensurePortFree("Kafka broker port", address, hostPart, brokerPort);
        ensurePortFree("Kafka controller port", address, hostPart, controllerPort);

        long t0 = System.nanoTime();
        Path root = dataDir.toAbsolutePath().normalize();
        Path logDir = root.resolve(LOG_DIR_NAME);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + logDir + ".", e);
        }

        ensureDirectoryNotInUse(logDir);

        String bootstrap = hostPart + ":" + brokerPort;
        KafkaConfig config = new KafkaConfig(serverProperties(logDir, hostPart, brokerPort, controllerPort), false);
        String clusterId = formatIfNeeded(root, logDir);

        KafkaRaftServer server = null;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM); // reads and checks meta.properties
            server.startup();
            awaitBrokerReady(bootstrap);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                stopQuietly(server);
            }
            throw new IllegalStateException(
                    "Kafka failed to start on " + bootstrap + " with data in " + root + ": " + e.getMessage(), e);
        }
        LOG.info("Kafka (KRaft, cluster {}) is ready on {} (controller port {}), data in {}, started in {} ms",
                clusterId, bootstrap, controllerPort, root, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return new EmbeddedKafka(server, bootstrap, clusterId, root);
    }

    /** The client bootstrap address, for example {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The KRaft cluster id, chosen on first start and stable across restarts on the same data directory. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops the broker and controller and waits for them to finish. Afterwards no non-daemon Kafka thread remains and
     * both ports are free. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        stopQuietly(server);
        LOG.info("Kafka on {} (data in {}) stopped in {} ms", bootstrapServers, dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Properties serverProperties(Path logDir, String host, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        // One node, both roles, static single-voter quorum.
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        // Single-node durability settings.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("group.initial.rebalance.delay.ms", "0");

        // Small footprint: few threads and a small log-cleaner buffer (the default is 128 MiB of heap).
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Heartbeats to our own controller are cheap. A short session matters after an unclean stop (crash, kill):
        // the controller then refuses the broker's new registration until the old session expires (default 9 s).
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        return p;
    }

    /** Formats {@code logDir} unless it already holds {@code meta.properties}; returns the cluster id. */
    private static String formatIfNeeded(Path root, Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        Path idFile = root.resolve(CLUSTER_ID_FILE);
        if (Files.exists(meta)) {
            String id = readClusterIdFromMeta(meta);
            String stored = readClusterIdFile(idFile);
            if (stored == null) {
                writeClusterIdFile(idFile, id);
            } else if (!stored.equals(id)) {
                LOG.warn("{} says cluster id {} but {} says {}; Kafka uses the latter", idFile, stored, meta, id);
            }
            return id;
        }
        String id = readClusterIdFile(idFile);
        if (id == null) {
            id = Uuid.randomUuid().toString();
            writeClusterIdFile(idFile, id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(id)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        LOG.info("Formatted Kafka storage in {} for cluster {}: {}", logDir, id,
                out.toString(StandardCharsets.UTF_8).trim());
        return id;
    }

    private static String readClusterIdFromMeta(Path meta) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + meta + ".", e);
        }
        String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(meta + " has no cluster.id.");
        }
        return id.trim();
    }

    private static String readClusterIdFile(Path idFile) {
        if (!Files.exists(idFile)) {
            return null;
        }
        try {
            String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? null : id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + idFile + ".", e);
        }
    }

    private static void writeClusterIdFile(Path idFile, String id) {
        try {
            Path tmp = idFile.resolveSibling(idFile.getFileName() + ".tmp");
            Files.writeString(tmp, id + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, idFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, idFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + idFile + ".", e);
        }
    }

    /** {@code KafkaRaftServer.startup()} already waits for the broker to be unfenced; this confirms it from outside. */
    private static void awaitBrokerReady(String bootstrap) {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "cairn-embedded-kafka-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                try {
                    for (Node node : admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                            .nodes().get(10, TimeUnit.SECONDS)) {
                        if (node.id() == NODE_ID) {
                            return;
                        }
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Kafka on {} not ready yet: {}", bootstrap, e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker on " + bootstrap + " did not accept clients within "
                            + READY_TIMEOUT.toSeconds() + " s.");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka on " + bootstrap + ".", e);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping Kafka", e);
        }
        try {
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while waiting for Kafka to stop", e);
        }
    }

    /**
     * Kafka holds a file lock on {@code .lock} in its log directory while running; probing it here turns Kafka's
     * later failure (after it has already started half of itself) into one clear sentence up front.
     */
    private static void ensureDirectoryNotInUse(Path logDir) {
        Path lockFile = logDir.resolve(".lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        boolean inUse;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            inUse = lock == null;
            if (lock != null) {
                lock.release();
            }
        } catch (OverlappingFileLockException e) {
            inUse = true; // held by this JVM
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the lock on Kafka data directory " + logDir + ".", e);
        }
        if (inUse) {
            throw new IllegalStateException("Kafka data directory " + logDir.getParent()
                    + " is already in use by another Kafka instance.");
        }
    }

    private static void checkPortNumber(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Kafka " + what + " port must be between 1 and 65535, not " + port + ".");
        }
    }

    private static InetAddress resolve(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Kafka host " + host + " cannot be resolved.", e);
        }
    }

    /** Binds and releases the port, as Kafka would bind it (with SO_REUSEADDR, so TIME_WAIT does not count). */
    private static void ensurePortFree(String what, InetAddress address, String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.toLowerCase(Locale.ROOT).contains("in use")) {
                throw new IllegalStateException(what + " " + host + ":" + port + " is already in use.");
            }
            throw new IllegalStateException(what + " " + host + ":" + port + " cannot be bound: " + reason + ".");
        } catch (IOException e) {
            throw new IllegalStateException(what + " " + host + ":" + port + " cannot be bound: " + e.getMessage() + ".");
        }
    }
}
