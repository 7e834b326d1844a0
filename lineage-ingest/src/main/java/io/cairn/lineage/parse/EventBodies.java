package io.cairn.lineage.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.lineage.model.LineageEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies to events: one event (a JSON object), or a batch as a JSON array or NDJSON (one event per line).
 * All events of a body are validated before any is written, and every problem is reported with its pointer
 * ({@code /3/run/runId} is the run id of the fourth event of a batch).
 */
public final class EventBodies {

    private final ObjectMapper mapper = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private final EventParser parser = new EventParser();
    private final int maxBatchEvents;

    public EventBodies(int maxBatchEvents) {
        this.maxBatchEvents = maxBatchEvents;
    }

    public LineageEvent single(byte[] body) {
        JsonNode node = tree(body, "/");
        return parser.parse(node, "", rawText(node));
    }

    public List<LineageEvent> batch(byte[] body) {
        List<JsonNode> nodes = new ArrayList<>();
        int start = firstNonBlank(body);
        if (start < 0) {
            throw new InvalidEventException(List.of(new Problem("/", "the request body is empty; a JSON array or NDJSON lines of events are expected")));
        }
        if (body[start] == '[') {
            JsonNode array = tree(body, "/");
            array.forEach(nodes::add);
        } else {
            // NDJSON, or any sequence of JSON objects separated by white space (a pretty-printed single event too).
            try (MappingIterator<JsonNode> values = mapper.readerFor(JsonNode.class).readValues(body)) {
                while (values.hasNextValue()) {
                    nodes.add(values.nextValue());
                }
            } catch (StreamReadException e) {
                String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                throw new InvalidEventException(List.of(new Problem("/" + nodes.size(), "malformed JSON" + location + ": " + e.getOriginalMessage())));
            } catch (IOException e) {
                throw new InvalidEventException(List.of(new Problem("/" + nodes.size(), "cannot read JSON: " + e.getMessage())));
            }
        }
        if (nodes.size() > maxBatchEvents) {
            throw new InvalidEventException(List.of(new Problem("/", "a batch holds at most " + maxBatchEvents + " events, this one " + nodes.size())));
        }
        List<LineageEvent> events = new ArrayList<>(nodes.size());
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                events.add(parser.parse(nodes.get(i), "/" + i, rawText(nodes.get(i))));
            } catch (InvalidEventException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return events;
    }

    private JsonNode tree(byte[] body, String where) {
        if (body.length == 0 || firstNonBlank(body) < 0) {
            throw new InvalidEventException(List.of(new Problem(where, "the request body is empty; a JSON event is expected")));
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node;
        } catch (StreamReadException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidEventException(List.of(new Problem(where, "malformed JSON" + location + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidEventException(List.of(new Problem(where, "cannot read JSON: " + e.getMessage())));
        }
    }

    private String rawText(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int firstNonBlank(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return i;
            }
        }
        return -1;
    }
}
