package io.cairn.metadata.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.AspectSpec;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.neo4j.driver.Record;

/**
 * Turns what runs observed (assertion outcomes, metrics, successful writes) into the governance quality model inside
 * the caller's unit of work, so it commits with the lineage that carried it.
 *
 * <p>Idempotent on replay: each (dataset, run) has one {@code :QualityRunRecord} node that holds the run's results
 * keyed by assertion; an observation that adds nothing to it writes nothing. The {@code qualityResults} aspect (and
 * so the dataset's health) follows the newest run by event time, so a late event of an old run is kept in the run
 * history but cannot turn health back to a stale state. Assertions seen for the first time are added to the
 * dataset's {@code qualityAssertions}. Freshness (the newest successful write) only moves forward.
 */
public final class QualityLedger {

    private static final TypeReference<List<AssertionResult>> RESULTS = new TypeReference<>() { };
    private static final TypeReference<List<QualityMetric>> METRICS = new TypeReference<>() { };

    private final ObjectMapper mapper;

    public QualityLedger(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Records observations; several for the same dataset and run (one batch, many events) are merged first. */
    public void record(WriteTransaction unit, List<ObservedQuality> observations) {
        Map<String, ObservedQuality> merged = new LinkedHashMap<>();
        observations.stream().filter(o -> !o.isEmpty()).sorted(Comparator.comparing(ObservedQuality::at))
                .forEach(o -> merged.merge(key(o.dataset(), o.runId()), o, QualityLedger::combine));
        for (ObservedQuality observed : merged.values()) {
            recordRun(unit, observed);
        }
    }

    /** Moves each dataset's freshness forward to its newest successful write; older or repeated writes change nothing. */
    public void recordSuccessfulWrites(WriteTransaction unit, List<SuccessfulWrite> writes) {
        Map<Urn, SuccessfulWrite> newest = new LinkedHashMap<>();
        for (SuccessfulWrite write : writes) {
            newest.merge(write.dataset(), write, (a, b) -> later(a.at(), a.runId(), b.at(), b.runId()) ? a : b);
        }
        if (newest.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SuccessfulWrite write : newest.values()) {
            rows.add(Map.of("urn", write.dataset().toString(), "at", write.at().toEpochMilli(), "run", write.runId()));
        }
        unit.tx().run("""
                UNWIND $rows AS row
                MATCH (d:Entity {urn: row.urn})
                WITH d, row WHERE d.lastSuccessfulWriteAt IS NULL OR row.at > d.lastSuccessfulWriteAt
                   OR (row.at = d.lastSuccessfulWriteAt AND row.run > d.lastSuccessfulWriteRun)
                SET d.lastSuccessfulWriteAt = row.at, d.lastSuccessfulWriteRun = row.run
                RETURN d.urn AS urn, row.at AS at, row.run AS run
                """, Map.of("rows", rows)).forEachRemaining(r -> {
            long at = r.get("at").asLong();
            unit.recordChange(new ChangeDraft(Urn.parse(r.get("urn").asString()), "freshness", at, ChangeType.UPSERT, null,
                    json(Map.of("lastSuccessfulWrite", Instant.ofEpochMilli(at).toString(), "runId", r.get("run").asString()))));
        });
    }

    private void recordRun(WriteTransaction unit, ObservedQuality observed) {
        String key = key(observed.dataset(), observed.runId());
        List<Record> found = unit.tx().run("""
                MATCH (d:Entity {urn: $dataset})
                OPTIONAL MATCH (q:QualityRunRecord {key: $key})
                RETURN d.qualityRunAt AS resultsAt, d.qualityRunId AS resultsRun, d.metricsRunAt AS metricsAt, d.metricsRunId AS metricsRun,
                       q.at AS at, q.results AS results, q.metrics AS metrics
                """, Map.of("dataset", observed.dataset().toString(), "key", key)).list();
        if (found.isEmpty()) {
            return; // The dataset is not in the graph: nothing to attach quality to.
        }
        Record current = found.get(0);
        List<AssertionResult> storedResults = current.get("results").isNull() ? List.of() : read(current.get("results").asString(), RESULTS);
        List<QualityMetric> storedMetrics = current.get("metrics").isNull() ? List.of() : read(current.get("metrics").asString(), METRICS);
        Instant storedAt = current.get("at").isNull() ? null : Instant.ofEpochMilli(current.get("at").asLong());
        boolean newer = storedAt == null || !observed.at().isBefore(storedAt);
        List<AssertionResult> results = mergeResults(storedResults, observed.results(), newer);
        List<QualityMetric> metrics = mergeMetrics(storedMetrics, observed.metrics(), newer);
        Instant at = storedAt == null || observed.at().isAfter(storedAt) ? observed.at() : storedAt;
        String resultsJson = json(results);
        String metricsJson = json(metrics);
        if (at.equals(storedAt) && resultsJson.equals(current.get("results").asString(null))
                && metricsJson.equals(current.get("metrics").asString(null))) {
            return; // A replay: this run's observations are all recorded already.
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("dataset", observed.dataset().toString());
        parameters.put("key", key);
        parameters.put("runId", observed.runId());
        parameters.put("at", at.toEpochMilli());
        parameters.put("results", resultsJson);
        parameters.put("metrics", metricsJson);
        parameters.put("assertions", results.size());
        parameters.put("failures", results.stream().filter(r -> !r.success()).count());
        unit.tx().run("""
                MATCH (d:Entity {urn: $dataset})
                MERGE (q:QualityRunRecord {key: $key})
                SET q.dataset = $dataset, q.runId = $runId, q.at = $at, q.results = $results, q.metrics = $metrics,
                    q.assertions = $assertions, q.failures = $failures
                MERGE (d)-[:HAS_QUALITY_RUN]->(q)
                """, parameters).consume();
        if (!results.isEmpty() && newest(current, "resultsAt", "resultsRun", at, observed.runId())) {
            write(unit, observed.dataset(), GovernanceAspects.QUALITY_RESULTS, new QualityRun(observed.runId(), at.toString(), results));
            mark(unit, observed.dataset(), "qualityRunAt", "qualityRunId", at, observed.runId());
            addAssertions(unit, observed.dataset(), results);
        } else if (!results.isEmpty()) {
            addAssertions(unit, observed.dataset(), results);
        }
        if (!metrics.isEmpty() && newest(current, "metricsAt", "metricsRun", at, observed.runId())) {
            write(unit, observed.dataset(), GovernanceAspects.QUALITY_METRICS, new QualityMetrics(observed.runId(), at.toString(), metrics));
            mark(unit, observed.dataset(), "metricsRunAt", "metricsRunId", at, observed.runId());
        }
    }

    /** Assertions that a run reported and the dataset does not define yet are added, with what the run said of them. */
    private void addAssertions(WriteTransaction unit, Urn dataset, List<AssertionResult> results) {
        List<Record> latest = unit.tx().run("MATCH (a:Aspect {urn: $urn, name: $name, latest: true}) RETURN a.value AS value",
                Map.of("urn", dataset.toString(), "name", GovernanceAspects.QUALITY_ASSERTIONS.name())).list();
        List<Assertion> defined = latest.isEmpty() ? List.of() : read(latest.get(0).get("value").asString(), QualityAssertions.class).assertions();
        Map<String, Assertion> byId = new LinkedHashMap<>();
        defined.forEach(assertion -> byId.put(assertion.id(), assertion));
        int before = byId.size();
        for (AssertionResult result : results) {
            byId.putIfAbsent(result.assertion(), new Assertion(result.assertion(), result.kind(), result.column(), null, Map.of()));
        }
        if (byId.size() != before) {
            write(unit, dataset, GovernanceAspects.QUALITY_ASSERTIONS, new QualityAssertions(List.copyOf(byId.values())));
        }
    }

    private static boolean newest(Record current, String atField, String runField, Instant at, String runId) {
        if (current.get(atField).isNull()) {
            return true;
        }
        if (runId.equals(current.get(runField).asString(null))) {
            return true;
        }
        return later(at, runId, Instant.ofEpochMilli(current.get(atField).asLong()), current.get(runField).asString(""));
    }

    /** A total order on (time, run id), so concurrent runs at the same instant still pick one newest run. */
    private static boolean later(Instant at, String runId, Instant otherAt, String otherRunId) {
        int byTime = at.compareTo(otherAt);
        return byTime > 0 || (byTime == 0 && runId.compareTo(otherRunId) >= 0);
    }

    private static void mark(WriteTransaction unit, Urn dataset, String atField, String runField, Instant at, String runId) {
        // Property names come from constants above, never from input.
        unit.tx().run("MATCH (d:Entity {urn: $urn}) SET d." + atField + " = $at, d." + runField + " = $run",
                Map.of("urn", dataset.toString(), "at", at.toEpochMilli(), "run", runId)).consume();
    }

    private void write(WriteTransaction unit, Urn dataset, AspectSpec<?> spec, Object value) {
        EntityStore.writeVersionIfChanged(unit, dataset, spec.name(), json(value));
    }

    private static List<AssertionResult> mergeResults(List<AssertionResult> stored, List<AssertionResult> observed, boolean observedWins) {
        Map<String, AssertionResult> byId = new TreeMap<>();
        stored.forEach(r -> byId.put(r.assertion(), r));
        observed.forEach(r -> {
            if (observedWins) {
                byId.put(r.assertion(), r);
            } else {
                byId.putIfAbsent(r.assertion(), r);
            }
        });
        return List.copyOf(byId.values());
    }

    private static List<QualityMetric> mergeMetrics(List<QualityMetric> stored, List<QualityMetric> observed, boolean observedWins) {
        Map<String, QualityMetric> byKey = new TreeMap<>();
        stored.forEach(m -> byKey.put(Objects.toString(m.column(), "") + "\u0000" + m.name(), m));
        observed.forEach(m -> {
            String key = Objects.toString(m.column(), "") + "\u0000" + m.name();
            if (observedWins) {
                byKey.put(key, m);
            } else {
                byKey.putIfAbsent(key, m);
            }
        });
        return List.copyOf(byKey.values());
    }

    private static ObservedQuality combine(ObservedQuality earlier, ObservedQuality later) {
        return new ObservedQuality(later.dataset(), later.runId(), later.at(), mergeResults(earlier.results(), later.results(), true),
                mergeMetrics(earlier.metrics(), later.metrics(), true));
    }

    private static String key(Urn dataset, String runId) {
        return dataset + "|" + runId;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
