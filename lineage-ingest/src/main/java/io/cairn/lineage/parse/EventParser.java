package io.cairn.lineage.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.lineage.model.ColumnLineage;
import io.cairn.lineage.model.DatasetInfo;
import io.cairn.lineage.model.JobInfo;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.model.RunInfo;
import io.cairn.lineage.model.RunRef;
import io.cairn.lineage.model.RunState;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns one OpenLineage event (a Jackson tree) into a {@link LineageEvent}, validating structure only: required
 * fields, their types and the shape of the facets Cairn reads. It tolerates what real producers send: explicit
 * {@code null} is treated as absent, an {@code eventTime} without a zone is taken as UTC, a bare-word
 * {@code dataSource.uri} is fine, facets of older versions and unknown facets are kept as they are. Every problem
 * is collected with its JSON pointer, so one answer names them all.
 */
public final class EventParser {

    /** Canonical facet JSON: sorted keys, so an unchanged facet compares equal and a replay writes nothing. */
    private final ObjectMapper canonical = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    /** Parses one event; {@code base} prefixes pointers (the index in a batch), {@code raw} is kept verbatim. */
    public LineageEvent parse(JsonNode node, String base, String raw) {
        List<Problem> problems = new ArrayList<>();
        LineageEvent event = parse(node, new Pointer(base), raw, problems);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return event;
    }

    LineageEvent parse(JsonNode node, Pointer at, String raw, List<Problem> problems) {
        if (!(node instanceof ObjectNode)) {
            problems.add(new Problem(at.toString(), "an event must be a JSON object"));
            return null;
        }
        Instant eventTime = instant(node, at, "eventTime", problems);
        String producer = requiredText(node, at, "producer", problems);
        String schemaUrl = optionalText(node, at, "schemaURL", problems);
        LineageEvent.Kind kind = kind(node, schemaUrl);
        if (kind == null) {
            problems.add(new Problem(at.toString(), "not a RunEvent, JobEvent or DatasetEvent: it has none of 'run', 'job', 'dataset'"));
            return null;
        }
        RunState state = null;
        RunInfo run = null;
        JobInfo job = null;
        List<DatasetInfo> inputs = List.of();
        List<DatasetInfo> outputs = List.of();
        List<DatasetInfo> single = List.of();
        switch (kind) {
            case RUN -> {
                state = runState(node, at, problems);
                run = run(node.get("run"), at.at("run"), problems);
                job = job(present(node, "job"), at.at("job"), problems);
                inputs = datasets(node, at, "inputs", "inputFacets", problems);
                outputs = datasets(node, at, "outputs", "outputFacets", problems);
            }
            case JOB -> {
                job = job(present(node, "job"), at.at("job"), problems);
                inputs = datasets(node, at, "inputs", "inputFacets", problems);
                outputs = datasets(node, at, "outputs", "outputFacets", problems);
            }
            case DATASET -> {
                DatasetInfo dataset = dataset(present(node, "dataset"), at.at("dataset"), null, problems);
                single = dataset == null ? List.of() : List.of(dataset);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        outputs = fillInputNamespaces(outputs, inputs);
        single = fillInputNamespaces(single, List.of());
        return new LineageEvent(kind, state, eventTime, producer, schemaUrl, run, job, inputs,
                kind == LineageEvent.Kind.DATASET ? single : outputs, raw);
    }

    /**
     * Column-lineage input fields without a namespace take it from the one event input of that name; those that
     * still have none are left out of the graph (the facet itself and the raw event keep them).
     */
    private static List<DatasetInfo> fillInputNamespaces(List<DatasetInfo> outputs, List<DatasetInfo> inputs) {
        List<DatasetInfo> fixed = new ArrayList<>(outputs.size());
        for (DatasetInfo output : outputs) {
            ColumnLineage lineage = output.columnLineage();
            if (lineage == null) {
                fixed.add(output);
                continue;
            }
            List<ColumnLineage.OutputField> fields = lineage.fields().stream()
                    .map(f -> new ColumnLineage.OutputField(f.name(), withNamespaces(f.inputs(), inputs))).toList();
            fixed.add(new DatasetInfo(output.namespace(), output.name(), output.schema(), output.symlinks(),
                    new ColumnLineage(fields, withNamespaces(lineage.dataset(), inputs)), output.facets(), output.ioFacets()));
        }
        return fixed;
    }

    private static List<ColumnLineage.InputField> withNamespaces(List<ColumnLineage.InputField> fields, List<DatasetInfo> inputs) {
        List<ColumnLineage.InputField> result = new ArrayList<>(fields.size());
        for (ColumnLineage.InputField field : fields) {
            if (field.namespace() != null) {
                result.add(field);
                continue;
            }
            List<String> namespaces = inputs.stream().filter(i -> i.name().equals(field.name())).map(DatasetInfo::namespace).distinct().toList();
            if (namespaces.size() == 1) {
                result.add(new ColumnLineage.InputField(namespaces.get(0), field.name(), field.field(), field.transformations()));
            }
        }
        return result;
    }

    private static LineageEvent.Kind kind(JsonNode node, String schemaUrl) {
        if (schemaUrl != null && schemaUrl.endsWith("/DatasetEvent") && present(node, "dataset") != null) {
            return LineageEvent.Kind.DATASET;
        }
        if (present(node, "run") != null) {
            return LineageEvent.Kind.RUN;
        }
        if (present(node, "job") != null) {
            return LineageEvent.Kind.JOB;
        }
        if (present(node, "dataset") != null) {
            return LineageEvent.Kind.DATASET;
        }
        return null;
    }

    private static RunState runState(JsonNode node, Pointer at, List<Problem> problems) {
        String type = optionalText(node, at, "eventType", problems);
        if (type == null) {
            return RunState.OTHER;
        }
        try {
            return RunState.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(at.at("eventType").toString(),
                    "'" + type + "' is not an event type (START, RUNNING, COMPLETE, ABORT, FAIL, OTHER)"));
            return null;
        }
    }

    private RunInfo run(JsonNode node, Pointer at, List<Problem> problems) {
        if (!requireObject(node, at, problems)) {
            return null;
        }
        UUID runId = uuid(node, at, "runId", problems);
        Map<String, String> facets = facets(node, at, "facets", problems);
        RunRef parent = null;
        RunRef root = null;
        JsonNode parentFacet = present(present(node, "facets"), "parent");
        if (parentFacet != null && parentFacet.isObject()) {
            Pointer p = at.at("facets").at("parent");
            parent = runRef(parentFacet, p, problems);
            JsonNode rootNode = present(parentFacet, "root");
            if (rootNode != null && requireObject(rootNode, p.at("root"), problems)) {
                root = runRef(rootNode, p.at("root"), problems);
            }
        }
        return new RunInfo(runId, parent, root, facets);
    }

    private static RunRef runRef(JsonNode facet, Pointer at, List<Problem> problems) {
        JsonNode run = present(facet, "run");
        JsonNode job = present(facet, "job");
        UUID runId = requireObject(run, at.at("run"), problems) ? uuid(run, at.at("run"), "runId", problems) : null;
        String namespace = null;
        String name = null;
        if (requireObject(job, at.at("job"), problems)) {
            namespace = requiredText(job, at.at("job"), "namespace", problems);
            name = requiredText(job, at.at("job"), "name", problems);
        }
        return runId == null || namespace == null || name == null ? null : new RunRef(runId, namespace, name);
    }

    private JobInfo job(JsonNode node, Pointer at, List<Problem> problems) {
        if (!requireObject(node, at, problems)) {
            return null;
        }
        String namespace = requiredText(node, at, "namespace", problems);
        String name = requiredText(node, at, "name", problems);
        Map<String, String> facets = facets(node, at, "facets", problems);
        return new JobInfo(namespace, name, facets);
    }

    private List<DatasetInfo> datasets(JsonNode event, Pointer at, String field, String ioFacetsField, List<Problem> problems) {
        JsonNode list = present(event, field);
        if (list == null) {
            return List.of();
        }
        if (!list.isArray()) {
            problems.add(new Problem(at.at(field).toString(), "expected an array of datasets"));
            return List.of();
        }
        List<DatasetInfo> datasets = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            DatasetInfo dataset = dataset(list.get(i), at.at(field).at(i), ioFacetsField, problems);
            if (dataset != null) {
                datasets.add(dataset);
            }
        }
        return datasets;
    }

    private DatasetInfo dataset(JsonNode node, Pointer at, String ioFacetsField, List<Problem> problems) {
        if (!requireObject(node, at, problems)) {
            return null;
        }
        String namespace = requiredText(node, at, "namespace", problems);
        String name = requiredText(node, at, "name", problems);
        Map<String, String> facets = facets(node, at, "facets", problems);
        Map<String, String> ioFacets = ioFacetsField == null ? Map.of() : facets(node, at, ioFacetsField, problems);
        JsonNode facetNodes = present(node, "facets");
        Pointer facetsAt = at.at("facets");
        List<DatasetInfo.Field> schema = FacetShapes.schema(present(facetNodes, "schema"), facetsAt.at("schema"), problems);
        List<DatasetInfo.Symlink> symlinks = FacetShapes.symlinks(present(facetNodes, "symlinks"), facetsAt.at("symlinks"), problems);
        ColumnLineage columnLineage = FacetShapes.columnLineage(present(facetNodes, "columnLineage"), facetsAt.at("columnLineage"), problems);
        if (namespace == null || name == null) {
            return null;
        }
        return new DatasetInfo(namespace, name, schema, symlinks, columnLineage, facets, ioFacets);
    }

    /** A facets object: each facet an object (null facets are dropped), checked by its known shape, kept canonical. */
    private Map<String, String> facets(JsonNode owner, Pointer at, String field, List<Problem> problems) {
        JsonNode facets = present(owner, field);
        if (facets == null) {
            return Map.of();
        }
        if (!facets.isObject()) {
            problems.add(new Problem(at.at(field).toString(), "expected an object of facets"));
            return Map.of();
        }
        Map<String, String> result = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> facet = it.next();
            Pointer facetAt = at.at(field).at(facet.getKey());
            if (facet.getValue().isNull()) {
                continue;
            }
            if (!facet.getValue().isObject()) {
                problems.add(new Problem(facetAt.toString(), "a facet must be a JSON object"));
                continue;
            }
            FacetShapes.check(facet.getKey(), facet.getValue(), facetAt, problems);
            result.put(facet.getKey(), canonicalJson(facet.getValue()));
        }
        return result;
    }

    private String canonicalJson(JsonNode node) {
        try {
            return canonical.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- small typed readers; all treat an explicit null like an absent field ----

    static JsonNode present(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    static boolean requireObject(JsonNode node, Pointer at, List<Problem> problems) {
        if (node == null) {
            problems.add(new Problem(at.toString(), "is required"));
            return false;
        }
        if (!node.isObject()) {
            problems.add(new Problem(at.toString(), "expected an object"));
            return false;
        }
        return true;
    }

    static String requiredText(JsonNode node, Pointer at, String field, List<Problem> problems) {
        JsonNode value = present(node, field);
        if (value == null) {
            problems.add(new Problem(at.at(field).toString(), "is required"));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(new Problem(at.at(field).toString(), value.isTextual() ? "must not be blank" : "expected a string"));
            return null;
        }
        return value.asText();
    }

    static String optionalText(JsonNode node, Pointer at, String field, List<Problem> problems) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(new Problem(at.at(field).toString(), "expected a string"));
            return null;
        }
        return value.asText();
    }

    static UUID uuid(JsonNode node, Pointer at, String field, List<Problem> problems) {
        String text = requiredText(node, at, field, problems);
        if (text == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text.strip());
            if (!id.toString().equalsIgnoreCase(text.strip())) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(at.at(field).toString(), "'" + abbreviate(text) + "' is not a UUID"));
            return null;
        }
    }

    static Instant instant(JsonNode node, Pointer at, String field, List<Problem> problems) {
        String text = requiredText(node, at, field, problems);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withZone) {
            try {
                // Some producers omit the zone; UTC is what they mean in practice (Marquez does the same).
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException withoutZone) {
                problems.add(new Problem(at.at(field).toString(), "'" + abbreviate(text) + "' is not an ISO-8601 date-time"));
                return null;
            }
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
