package io.cairn.catalog.rest;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTSerializers;

/**
 * The Iceberg REST wire format: Iceberg's own serializers on a mapper of this module (Spring's global mapper
 * stays as it is), configured like Iceberg's reference server (kebab-case, unknown fields ignored for forward
 * compatibility).
 */
public final class IcebergJson {

    private final ObjectMapper mapper;

    public IcebergJson() {
        JsonFactory factory = new JsonFactoryBuilder()
                .configure(JsonFactory.Feature.INTERN_FIELD_NAMES, false)
                .configure(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW, false)
                .build();
        ObjectMapper configured = new ObjectMapper(factory);
        // Several request models are plain classes with private fields and no setters.
        configured.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        configured.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        configured.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
        RESTSerializers.registerAll(configured);
        this.mapper = configured;
    }

    /** Parses and validates a request body; anything malformed is a 400 that names the problem. */
    public <T extends RESTRequest> T request(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("The request body is empty; a JSON %s is expected", type.getSimpleName());
        }
        T request;
        try {
            request = mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            // Iceberg's parsers reject bad values (an unknown update action, an invalid view version) with an
            // IllegalArgumentException, which Iceberg clients expect back under that type.
            if (rootCause(e) instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new BadRequestException("Malformed %s: %s", type.getSimpleName(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new BadRequestException("Invalid %s: %s", type.getSimpleName(), rootCause(e).getMessage());
        }
        if (request == null) {
            throw new BadRequestException("The request body is null; a JSON %s is expected", type.getSimpleName());
        }
        request.validate();
        return request;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A loadTable answer (no config, no credentials) around metadata JSON that was already serialized, in the shape
     * {@code LoadTableResponseParser} writes.
     */
    public byte[] loadTableAnswer(String metadataLocation, byte[] metadataJson) {
        byte[] head = ("{\"metadata-location\":" + write(metadataLocation) + ",\"metadata\":").getBytes(StandardCharsets.UTF_8);
        byte[] answer = new byte[head.length + metadataJson.length + 1];
        System.arraycopy(head, 0, answer, 0, head.length);
        System.arraycopy(metadataJson, 0, answer, head.length, metadataJson.length);
        answer[answer.length - 1] = '}';
        return answer;
    }

    /** {@link #write} as UTF-8 bytes, for answers that are kept and sent many times. */
    public byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
