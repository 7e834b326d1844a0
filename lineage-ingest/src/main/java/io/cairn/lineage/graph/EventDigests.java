package io.cairn.lineage.graph;

import io.cairn.lineage.model.ColumnLineage;
import io.cairn.lineage.model.DatasetInfo;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.model.RunState;
import io.cairn.lineage.raw.RawEventBodies;
import io.cairn.metadata.dataset.DatasetName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The content hashes a batch's writes need that follow from its events alone: each raw event's id (and its
 * compressed body), each output's column-lineage set hash and each defining event's job version. They are computed by
 * the thread that hands the batch in (an HTTP request, the Kafka consumer), before the unit of work, because every
 * write in the process runs on the one group-commit thread: there they were a sixth of a steady-state batch's time
 * (measured), and nothing in them needs the graph.
 */
final class EventDigests {

    private final Map<LineageEvent, String> rawIds = new IdentityHashMap<>();
    private final Map<LineageEvent, byte[]> rawBodies = new IdentityHashMap<>();
    private final Map<ColumnLineage, String> lineage = new IdentityHashMap<>();
    private final Map<LineageEvent, String> versions = new IdentityHashMap<>();

    private EventDigests() {
    }

    static EventDigests of(List<LineageEvent> events, boolean keepRawEvents) {
        EventDigests digests = new EventDigests();
        for (LineageEvent event : events) {
            if (keepRawEvents && event.rawJson() != null) {
                digests.rawIds.put(event, sha256Hex(event.rawJson()));
                digests.rawBodies.put(event, RawEventBodies.compress(event.rawJson()));
            }
            for (DatasetInfo output : event.outputs()) {
                if (output.columnLineage() != null) {
                    digests.lineage.computeIfAbsent(output.columnLineage(), EventDigests::lineageHash);
                }
            }
            if (definesVersion(event)) {
                digests.versions.put(event, versionHash(event));
            }
        }
        return digests;
    }

    /** A COMPLETE run event or a job event states the job's inputs and outputs, so it names a job version. */
    static boolean definesVersion(LineageEvent event) {
        return event.kind() == LineageEvent.Kind.JOB
                || (event.kind() == LineageEvent.Kind.RUN && event.state() == RunState.COMPLETE);
    }

    String rawId(LineageEvent event) {
        return require(rawIds.get(event), "raw event id");
    }

    byte[] rawBody(LineageEvent event) {
        return require(rawBodies.get(event), "raw event body");
    }

    String lineage(ColumnLineage columnLineage) {
        return require(lineage.get(columnLineage), "column-lineage hash");
    }

    String version(LineageEvent event) {
        return require(versions.get(event), "job version hash");
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("no " + what + " digested for an event of this batch");
        }
        return value;
    }

    /**
     * The content of a {@code columnLineage} facet as a hash over OpenLineage names (not URNs, so every Cairn computes
     * the same one): one line per input field and transformation, sorted (the facet's order means nothing), joined by
     * newlines; the first 32 hex digits of their SHA-256. Stored hashes depend on these exact bytes.
     */
    static String lineageHash(ColumnLineage lineage) {
        List<String> lines = new ArrayList<>();
        Map<String, String> keys = new HashMap<>();
        StringBuilder line = new StringBuilder(128);
        for (ColumnLineage.OutputField field : lineage.fields()) {
            for (ColumnLineage.InputField input : field.inputs()) {
                for (ColumnLineage.Transformation t : input.transformations()) {
                    lines.add(line(line, "F", field.name(), datasetKey(keys, input), input, t));
                }
            }
        }
        for (ColumnLineage.InputField input : lineage.dataset()) {
            for (ColumnLineage.Transformation t : input.transformations()) {
                lines.add(line(line, "D", "", datasetKey(keys, input), input, t));
            }
        }
        Collections.sort(lines);
        MessageDigest digest = sha256();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                digest.update((byte) '\n');
            }
            digest.update(lines.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    private static String datasetKey(Map<String, String> keys, ColumnLineage.InputField input) {
        return keys.computeIfAbsent(input.namespace() + '\u0000' + input.name(),
                k -> DatasetName.openLineage(input.namespace(), input.name()).key());
    }

    private static String line(StringBuilder line, String kind, String output, String datasetKey, ColumnLineage.InputField input,
                               ColumnLineage.Transformation t) {
        line.setLength(0);
        return line.append(kind).append('\u0000').append(output).append('\u0000').append(datasetKey).append('\u0000')
                .append(input.field()).append('\u0000').append(t.type()).append('\u0000').append(t.subtype()).append('\u0000')
                .append(t.description()).append('\u0000').append(t.masking()).toString();
    }

    /**
     * A job version is named by the datasets' OpenLineage names (as Marquez does), not by URNs, so the same job history
     * gives the same versions in every Cairn.
     */
    private static String versionHash(LineageEvent event) {
        return sha256Hex(String.join(",", names(event.inputs())) + "|" + String.join(",", names(event.outputs()))).substring(0, 32);
    }

    private static List<String> names(List<DatasetInfo> datasets) {
        TreeSet<String> names = new TreeSet<>();
        datasets.forEach(d -> names.add(DatasetName.openLineage(d.namespace(), d.name()).key()));
        return new ArrayList<>(names);
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
