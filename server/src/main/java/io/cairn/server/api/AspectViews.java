package io.cairn.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.changelog.ChangeEvent;
import io.cairn.metadata.changelog.ChangeEventCodec;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;

/** The REST API's JSON for stored aspects and change events; stored JSON is embedded as JSON, not as strings. */
@Component
public class AspectViews {

    private final ObjectMapper mapper;
    private final ChangeEventCodec changes;

    public AspectViews(ObjectMapper mapper) {
        this.mapper = mapper;
        this.changes = new ChangeEventCodec(mapper);
    }

    public ObjectNode aspect(AspectVersion version) {
        ObjectNode node = mapper.createObjectNode();
        node.put("urn", version.urn().toString());
        node.put("aspect", version.aspect());
        node.put("version", version.version());
        node.set("value", json(version.valueJson()));
        node.put("createdAt", version.createdAt().toString());
        node.put("createdBy", version.createdBy());
        return node;
    }

    public ObjectNode change(ChangeEvent event) {
        return changes.toJson(event);
    }

    private JsonNode json(String text) {
        if (text == null) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored JSON is unreadable", e);
        }
    }
}
