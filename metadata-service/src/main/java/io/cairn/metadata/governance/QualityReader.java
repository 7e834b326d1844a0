package io.cairn.metadata.governance;

import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Record;

/** Reads a dataset's quality: the current assertions, the newest run, metrics, freshness and a page of run history. */
public final class QualityReader {

    public static final int MAX_RUNS = 100;

    /** One run of the history: when, how many assertions it reported and how many failed, and its results as JSON. */
    public record RunSummary(String runId, Instant at, long assertions, long failures, String resultsJson, String metricsJson) {
    }

    /** The stored JSON of each aspect (null when absent) and the derived freshness. */
    public record QualitySummary(Urn dataset, String assertionsJson, String latestRunJson, String metricsJson,
                                 Instant lastSuccessfulWrite, String lastSuccessfulRun, List<RunSummary> runs) {
    }

    private final GraphStore store;

    public QualityReader(GraphStore store) {
        this.store = store;
    }

    /** Empty when the dataset does not exist; runs newest first, before {@code beforeAt} (epoch ms) when given. */
    public Optional<QualitySummary> summary(Urn dataset, int limit, Long beforeAt) {
        int bounded = Math.max(1, Math.min(limit, MAX_RUNS));
        return store.read(tx -> {
            List<Record> found = tx.run("""
                    MATCH (d:Entity {urn: $urn})
                    OPTIONAL MATCH (d)-[:HAS_ASPECT]->(a:Aspect {latest: true})
                      WHERE a.name IN ['qualityAssertions', 'qualityResults', 'qualityMetrics']
                    RETURN d.lastSuccessfulWriteAt AS freshAt, d.lastSuccessfulWriteRun AS freshRun,
                           collect([a.name, a.value]) AS aspects
                    """, Map.of("urn", dataset.toString())).list();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Record record = found.get(0);
            Map<String, String> aspects = new java.util.HashMap<>();
            record.get("aspects").values().forEach(pair -> {
                if (!pair.get(0).isNull()) {
                    aspects.put(pair.get(0).asString(), pair.get(1).asString());
                }
            });
            List<RunSummary> runs = tx.run("""
                    MATCH (q:QualityRunRecord {dataset: $urn}) WHERE q.at < $before
                    RETURN q ORDER BY q.at DESC, q.runId DESC LIMIT $limit
                    """, Map.of("urn", dataset.toString(), "before", beforeAt == null ? Long.MAX_VALUE : beforeAt, "limit", bounded))
                    .list(r -> {
                        var q = r.get("q");
                        return new RunSummary(q.get("runId").asString(), Instant.ofEpochMilli(q.get("at").asLong()),
                                q.get("assertions").asLong(0), q.get("failures").asLong(0), q.get("results").asString("[]"),
                                q.get("metrics").asString("[]"));
                    });
            return Optional.of(new QualitySummary(dataset, aspects.get("qualityAssertions"), aspects.get("qualityResults"),
                    aspects.get("qualityMetrics"),
                    record.get("freshAt").isNull() ? null : Instant.ofEpochMilli(record.get("freshAt").asLong()),
                    record.get("freshRun").asString(null), runs));
        });
    }
}
