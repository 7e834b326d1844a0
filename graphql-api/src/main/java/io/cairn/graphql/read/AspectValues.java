package io.cairn.graphql.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.AspectVersion;
import java.io.UncheckedIOException;

/**
 * Reads stored aspect JSON into the metadata service's value records. Fields a newer writer added are ignored, so the
 * API keeps answering while aspects grow.
 */
public final class AspectValues {

    private final ObjectMapper mapper;

    public AspectValues(ObjectMapper mapper) {
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The value, or null when there is no version. */
    public <T> T read(AspectVersion version, Class<T> type) {
        if (version == null) {
            return null;
        }
        try {
            return mapper.readValue(version.valueJson(), type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored aspect " + version.aspect() + " of " + version.urn() + " is not readable", e);
        }
    }

    public JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
