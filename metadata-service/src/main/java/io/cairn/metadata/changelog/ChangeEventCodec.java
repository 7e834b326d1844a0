package io.cairn.metadata.changelog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The wire form of a change event on the {@code cairn.changes} topic: one JSON object per message, keyed by URN.
 * {@code before}/{@code after} are embedded as JSON values, not as strings, so consumers read them directly.
 */
public final class ChangeEventCodec {

    private final ObjectMapper mapper;

    public ChangeEventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] encode(ChangeEvent event) {
        try {
            return mapper.writeValueAsBytes(toJson(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as a JSON object, the same one the topic carries (the audit API answers with it too). */
    public ObjectNode toJson(ChangeEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("seq", event.seq());
        node.put("urn", event.urn());
        node.put("entityType", event.entityType());
        node.put("aspect", event.aspect());
        node.put("version", event.version());
        node.put("changeType", event.changeType().name());
        node.put("principal", event.principal());
        node.put("at", event.at().toString());
        node.set("before", embedded(event.before()));
        node.set("after", embedded(event.after()));
        return node;
    }

    public ChangeEvent decode(byte[] bytes) {
        try {
            JsonNode node = mapper.readTree(bytes);
            return new ChangeEvent(
                    node.required("seq").asLong(),
                    node.required("urn").asText(),
                    node.required("entityType").asText(),
                    node.required("aspect").asText(),
                    node.required("version").asLong(),
                    ChangeType.valueOf(node.required("changeType").asText()),
                    node.required("principal").asText(),
                    Instant.parse(node.required("at").asText()),
                    text(node.get("before")),
                    text(node.get("after")));
        } catch (IOException e) {
            throw new UncheckedIOException("not a Cairn change event", e);
        }
    }

    private JsonNode embedded(String json) {
        if (json == null) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException notJson) {
            return mapper.getNodeFactory().textNode(json);
        }
    }

    private String text(JsonNode node) throws JsonProcessingException {
        return node == null || node.isNull() ? null : mapper.writeValueAsString(node);
    }
}
