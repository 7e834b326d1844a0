package io.cairn.server.lineage.bench;

import io.cairn.lineage.kafka.KafkaIngestSettings;
import io.cairn.metadata.store.GraphStore;
import io.cairn.search.ChangeIndexer;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import io.cairn.server.bench.BenchServer;
import io.cairn.server.bench.BenchStats;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * OpenLineage ingest rates through the running server, the way pipelines send events: NDJSON batches to
 * {@code POST /api/v1/lineage/batch} (bearer token), and messages on the {@code openlineage} Kafka topic read by Cairn's
 * consumer group. Cairn runs in this JVM with its real embedded Neo4j, Elasticsearch and Kafka, so the figures include
 * what follows each write: the change-log relay to Kafka and the search indexer. Events are built with
 * {@code openlineage-java} and serialized before the clock starts. Prints numbers; asserts nothing.
 *
 * <p>The workload of {@code LineageIngestBenchmark} (the write path alone): steady state is {@code jobs} jobs run again
 * and again (START + COMPLETE; COMPLETE carries 20 output columns with 3 inputs each, unchanged from the job's previous
 * run); new lineage gives every COMPLETE column edges the graph has not seen. HTTP and Kafka use jobs and datasets of
 * their own. A Kafka round ends when the consumer group's committed offsets reach the topic's end (offsets commit only
 * after the graph write).
 *
 * <p>After each round the benchmark waits until the search index holds every change the round made and prints how long
 * that took, so that a round neither pays for the previous round's indexing nor hides its own. Rounds are short (two
 * events per job) and the JIT compiler keeps compiling for the first minutes, so the summary at the end gives the median
 * of the second half of each kind of round: that is the figure for a server that has been running a while.
 *
 * <p>Run (after {@code mvn -B -q -DskipTests install}): {@code java -cp <server test classpath>
 * io.cairn.server.lineage.bench.LineageServerBenchmark [jobs] [events per HTTP batch] [rounds]} (default 1000 500 10).
 */
public final class LineageServerBenchmark {

    private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/cairn/bench"));
    private static final String NAMESPACE = "bench";
    private static final int COLUMNS = 20;
    private static final int INPUTS_PER_COLUMN = 3;

    private LineageServerBenchmark() {
    }

    /** How events reach Cairn; {@link #send} returns when Cairn has written them all, with the new column edges (-1: not reported). */
    private interface Transport extends AutoCloseable {
        String name();

        long send(List<Event> events) throws Exception;

        @Override
        default void close() {
        }
    }

    private record Event(String job, String json) {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = BenchServer.temporaryDirectory("cairn-lineage-server-bench-");
        ConfigurableApplicationContext cairn = BenchServer.start(dir.resolve("cairn"));
        List<String> lines = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        try {
            HttpApi api = new HttpApi(BenchServer.baseUri(cairn));
            String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
            Search search = new Search(cairn.getBean(GraphStore.class), cairn.getBean(ChangeIndexer.class));
            try (Transport http = new Http(api, token, batch);
                 Transport kafka = new Kafka(BenchServer.kafkaBootstrap(cairn))) {
                for (Transport transport : List.of(http, kafka)) {
                    // The warm-up creates the datasets, columns and edges the steady-state rounds then repeat.
                    lines.add(round(transport, search, jobs, 0, "warm-up (new lineage)", false).line());
                    List<Round> steady = new ArrayList<>();
                    for (int r = 1; r <= rounds; r++) {
                        steady.add(round(transport, search, jobs, r, "steady state " + r, false));
                        lines.add(steady.get(steady.size() - 1).line());
                    }
                    List<Round> fresh = new ArrayList<>();
                    for (int r = 1; r <= rounds; r++) {
                        fresh.add(round(transport, search, jobs, 100 + r, "new lineage " + r, true));
                        lines.add(fresh.get(fresh.size() - 1).line());
                    }
                    summary.add(summarize(transport.name(), "steady state", steady));
                    summary.add(summarize(transport.name(), "new lineage", fresh));
                }
            }
        } finally {
            cairn.close();
        }
        System.out.println();
        System.out.println("OpenLineage ingest through the server (" + jobs + " jobs, HTTP batches of " + batch + " events)");
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("Medians of the second half of the rounds (a server past its JIT warm-up)");
        summary.forEach(System.out::println);
        System.exit(0);
    }

    /** One round's figures: ingest rate, new edges per second, and seconds from the round's end until search caught up. */
    private record Round(String line, double eventsPerSecond, double edgesPerSecond, double searchLagSeconds) {
    }

    private static String summarize(String transport, String kind, List<Round> rounds) {
        List<Round> settled = rounds.subList(rounds.size() / 2, rounds.size());
        return String.format("%-6s %-14s %7.0f events/s, %7.0f new edges/s, searchable %5.2f s after the round (median of %d rounds)",
                transport, kind, BenchStats.median(settled.stream().mapToDouble(Round::eventsPerSecond).toArray()),
                BenchStats.median(settled.stream().mapToDouble(Round::edgesPerSecond).toArray()),
                BenchStats.median(settled.stream().mapToDouble(Round::searchLagSeconds).toArray()), settled.size());
    }

    /** Waits until the search indexer has written every change the change log holds. */
    private record Search(GraphStore store, ChangeIndexer indexer) {
        double awaitCaughtUp() throws InterruptedException {
            long started = System.nanoTime();
            List<Map<String, Object>> newest = store.readRows(
                    "MATCH (c:ChangeEvent) WHERE c.seq IS NOT NULL RETURN c.seq AS seq ORDER BY c.seq DESC LIMIT 1", Map.of());
            long target = newest.isEmpty() ? 0 : ((Number) newest.get(0).get("seq")).longValue();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (indexer.indexedSeq() < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("search did not catch up with change " + target + " in 10 minutes");
                }
                Thread.sleep(10);
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static Round round(Transport transport, Search search, int jobs, int round, String label, boolean fresh) throws Exception {
        List<Event> events = events(transport.name(), jobs, round, fresh);
        long started = System.nanoTime();
        long counted = transport.send(events);
        double seconds = (System.nanoTime() - started) / 1e9;
        double searchLag = search.awaitCaughtUp();
        // Kafka's consumer does not report edges: a new-lineage COMPLETE brings 60, as the HTTP rounds count.
        long edges = counted >= 0 ? counted : fresh || round == 0 ? (long) jobs * COLUMNS * INPUTS_PER_COLUMN : 0;
        String line = String.format("%-6s %-22s %6d events in %6.2f s = %7.0f events/s, %6d new column edges%s = %7.0f edges/s,"
                        + " searchable %5.2f s later",
                transport.name(), label, events.size(), seconds, events.size() / seconds, edges, counted >= 0 ? "" : " (expected)",
                edges / seconds, searchLag);
        System.out.println(line);
        return new Round(line, events.size() / seconds, edges / seconds, searchLag);
    }

    private static List<Event> events(String prefix, int jobs, int round, boolean fresh) {
        List<Event> events = new ArrayList<>(jobs * 2);
        ZonedDateTime at = ZonedDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(round);
        for (int job = 0; job < jobs; job++) {
            String name = prefix + "_job_" + job;
            String suffix = fresh ? "_r" + round : "";
            String in = prefix + "_in_" + job + suffix;
            String out = prefix + "_out_" + job + suffix;
            UUID runId = UUID.randomUUID();
            events.add(new Event(name, OpenLineageClientUtils.toJson(event(OpenLineage.RunEvent.EventType.START, runId, name, at, in, null))));
            events.add(new Event(name, OpenLineageClientUtils.toJson(event(OpenLineage.RunEvent.EventType.COMPLETE, runId, name,
                    at.plusSeconds(1), in, out))));
        }
        return events;
    }

    private static OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, UUID runId, String job, ZonedDateTime at,
                                              String input, String output) {
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        if (output != null) {
            OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = OL.newColumnLineageDatasetFacetFieldsBuilder();
            for (int c = 0; c < COLUMNS; c++) {
                List<OpenLineage.InputField> inputs = new ArrayList<>();
                for (int i = 0; i < INPUTS_PER_COLUMN; i++) {
                    inputs.add(OL.newInputFieldBuilder().namespace(NAMESPACE).name(input).field("i" + (c + i) % 30)
                            .transformations(List.of(OL.newInputFieldTransformationsBuilder().type("DIRECT").subtype("TRANSFORMATION").build()))
                            .build());
                }
                fields.put("c" + c, OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(inputs).build());
            }
            outputs.add(OL.newOutputDatasetBuilder().namespace(NAMESPACE).name(output)
                    .facets(OL.newDatasetFacetsBuilder().columnLineage(OL.newColumnLineageDatasetFacetBuilder().fields(fields.build()).build())
                            .build())
                    .build());
        }
        return OL.newRunEventBuilder().eventType(type).eventTime(at)
                .run(OL.newRunBuilder().runId(runId).build())
                .job(OL.newJobBuilder().namespace(NAMESPACE).name(job).build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace(NAMESPACE).name(input).build()))
                .outputs(outputs)
                .build();
    }

    /** NDJSON batches, two requests in flight (one parses while the other's batch is written). */
    private static final class Http implements Transport {
        private final HttpApi api;
        private final String token;
        private final int batch;
        private final ExecutorService senders = Executors.newFixedThreadPool(2);

        Http(HttpApi api, String token, int batch) {
            this.api = api;
            this.token = token;
            this.batch = batch;
        }

        @Override
        public String name() {
            return "http";
        }

        @Override
        public long send(List<Event> events) throws Exception {
            List<Future<Long>> replies = new ArrayList<>();
            for (int from = 0; from < events.size(); from += batch) {
                String body = events.subList(from, Math.min(events.size(), from + batch)).stream().map(Event::json)
                        .collect(Collectors.joining("\n"));
                replies.add(senders.submit(() -> {
                    HttpApi.Reply reply = api.post("/api/v1/lineage/batch", token, "application/x-ndjson", body);
                    if (reply.status() != 200) {
                        throw new IllegalStateException("batch refused: " + reply.status() + " " + reply.body());
                    }
                    return reply.json().get("newColumnEdges").asLong();
                }));
            }
            long edges = 0;
            for (Future<Long> reply : replies) {
                edges += reply.get();
            }
            return edges;
        }

        @Override
        public void close() {
            senders.shutdownNow();
        }
    }

    /** Messages as the OpenLineage Kafka transport sends them (JSON values, keys {@code run:<ns>/<job>}). */
    private static final class Kafka implements Transport {
        private final KafkaProducer<String, String> producer;
        private final Admin admin;

        Kafka(String bootstrap) {
            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
            this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
            this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        }

        @Override
        public String name() {
            return "kafka";
        }

        @Override
        public long send(List<Event> events) throws Exception {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(KafkaIngestSettings.DEFAULT_TOPIC, "run:" + NAMESPACE + "/" + event.job(), event.json()));
            }
            producer.flush();
            awaitConsumed();
            return -1;
        }

        private void awaitConsumed() throws Exception {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(KafkaIngestSettings.DEFAULT_GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                List<TopicPartition> partitions = admin.describeTopics(List.of(KafkaIngestSettings.DEFAULT_TOPIC)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(KafkaIngestSettings.DEFAULT_TOPIC).partitions().stream()
                        .map(p -> new TopicPartition(KafkaIngestSettings.DEFAULT_TOPIC, p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                boolean caughtUp = partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset()));
                if (caughtUp) {
                    return;
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            producer.close();
            admin.close();
        }
    }
}
