package io.cairn.lineage.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * OpenLineage over Kafka, end to end through the real consumer into a real Neo4j: events/s for the two workloads of
 * issue 5, and new column edges/s for the second.
 *
 * <ul>
 *   <li><b>steady state</b>: {@code jobs} distinct jobs run again and again, START + COMPLETE per run; each COMPLETE
 *       writes 20 output columns with 3 input columns each, unchanged from the job's previous run;</li>
 *   <li><b>new lineage</b>: the same shape, but every COMPLETE writes a dataset the graph has not seen, so all 60 of
 *       its column edges are new.</li>
 * </ul>
 * The events are produced to the topic first (the consumer is stopped), then the consumer is started and timed until
 * it has written them all: the figure is the consumer's drain rate, Kafka read + parse + graph write + commit.
 *
 * <p>Run: {@code mvn -pl lineage-ingest -am test-compile} then
 * {@code java -cp <test classpath> io.cairn.lineage.kafka.KafkaIngestBenchmark [jobs] [steadyRounds] [maxPollRecords]}.
 */
public final class KafkaIngestBenchmark {

    private static final int COLUMNS = 20;
    private static final int INPUTS = 3;

    private KafkaIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int maxPoll = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Path dir = Files.createTempDirectory("cairn-kafka-bench-");
        KafkaIngestSettings defaults = KafkaIngestSettings.defaults();
        KafkaIngestSettings settings = new KafkaIngestSettings(defaults.topics(), defaults.deadLetterTopic(), defaults.consumerGroup(), maxPoll,
                defaults.initialBackoff(), defaults.maxBackoff());
        try (KafkaIngestRig rig = new KafkaIngestRig(dir, settings, false);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", rig.bootstrapServers(),
                     "acks", "all", "linger.ms", 5, "batch.size", 262_144, "compression.type", "lz4"),
                     new StringSerializer(), new StringSerializer())) {
            System.out.printf("OpenLineage over Kafka: %d jobs, %d output columns x %d inputs per COMPLETE, max.poll.records=%d%n",
                    jobs, COLUMNS, INPUTS, maxPoll);
            // Warm-up round: creates the jobs, datasets, columns and edges the steady state then finds unchanged.
            long expected = produce(producer, settings, jobs, 0, false);
            rig.consumer().start();
            drain(rig, expected, "warm-up (first runs, all new)");

            long before = expected;
            long events = 0;
            for (int round = 1; round <= rounds; round++) {
                events += produce(producer, settings, jobs, round, false);
            }
            drainAndPrint(rig, before, events, "steady state");

            before += events;
            long edgesBefore = rig.count("MATCH (:Column)-[f:FEEDS]->(:Column) RETURN count(f)");
            long fresh = produce(producer, settings, jobs, rounds + 1, true);
            double seconds = drainAndPrint(rig, before, fresh, "new lineage");
            long newEdges = rig.count("MATCH (:Column)-[f:FEEDS]->(:Column) RETURN count(f)") - edgesBefore;
            System.out.printf("  new lineage: %d new column edges, %.0f new edges/s%n", newEdges, newEdges / seconds);
        }
    }

    private static double drainAndPrint(KafkaIngestRig rig, long before, long events, String label) {
        double seconds = drain(rig, before + events, label);
        System.out.printf("  %s: %d events in %.2f s = %.0f events/s%n", label, events, seconds, events / seconds);
        return seconds;
    }

    /** Waits until the consumer has written {@code total} events since start; returns the seconds since called. */
    private static double drain(KafkaIngestRig rig, long total, String label) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(30).toNanos();
        while (rig.consumer().state().events() < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": only " + rig.consumer().state().events() + " of " + total + " events after 30 min");
            }
            KafkaIngestRig.sleep(20);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Produces START + COMPLETE for one run of every job; returns the number of events sent. */
    private static long produce(KafkaProducer<String, String> producer, KafkaIngestSettings settings, int jobs, int round, boolean newOutputs)
            throws Exception {
        String topic = settings.topics().get(0);
        List<Future<?>> sent = new java.util.ArrayList<>(jobs * 2);
        for (int job = 0; job < jobs; job++) {
            String runId = UUID.randomUUID().toString();
            String key = "run:bench/job" + job;
            String output = newOutputs ? "out" + job + "_r" + round : "out" + job;
            long second = round * 3600L + job % 3600;
            sent.add(producer.send(new ProducerRecord<>(topic, key, event("START", runId, job, second, output, false))));
            sent.add(producer.send(new ProducerRecord<>(topic, key, event("COMPLETE", runId, job, second + 1, output, true))));
        }
        producer.flush();
        for (Future<?> future : sent) {
            future.get();
        }
        return sent.size();
    }

    private static String event(String type, String runId, int job, long second, String output, boolean lineage) {
        String source = "src" + (job % 100);
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < INPUTS; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"namespace\":\"bench\",\"name\":\"").append(source).append('_').append(i).append("\"}");
        }
        StringBuilder out = new StringBuilder("{\"namespace\":\"bench\",\"name\":\"").append(output).append('"');
        if (lineage) {
            out.append(",\"facets\":{\"columnLineage\":{\"fields\":{");
            for (int c = 0; c < COLUMNS; c++) {
                out.append(c == 0 ? "" : ",").append("\"o").append(c).append("\":{\"inputFields\":[");
                for (int i = 0; i < INPUTS; i++) {
                    out.append(i == 0 ? "" : ",").append("{\"namespace\":\"bench\",\"name\":\"").append(source).append('_').append(i)
                            .append("\",\"field\":\"c").append(c).append("\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\"}]}");
                }
                out.append("]}");
            }
            out.append("}}}");
        }
        out.append('}');
        return "{\"eventType\":\"" + type + "\",\"eventTime\":\"" + java.time.Instant.ofEpochSecond(1_790_000_000L + second)
                + "\",\"producer\":\"https://example.com/bench\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                + "\"run\":{\"runId\":\"" + runId + "\"},\"job\":{\"namespace\":\"bench\",\"name\":\"job" + job + "\"},"
                + "\"inputs\":[" + inputs + "],\"outputs\":[" + out + "]}";
    }
}
