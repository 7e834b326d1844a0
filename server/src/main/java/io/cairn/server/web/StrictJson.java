package io.cairn.server.web;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Parses request bodies at the edge, strictly: unknown fields, wrong types, nulls for required values, trailing
 * garbage and malformed JSON are all refused with a message that names the JSON pointer of the problem.
 */
@Component
public class StrictJson {

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("the request body is empty; a JSON object is expected");
        }
        ObjectReader reader = mapper.readerFor(type)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        try {
            return reader.readValue(body);
        } catch (IOException e) {
            throw ApiProblem.badRequest(describe(e));
        }
    }

    static String describe(IOException failure) {
        // Creator-based types (records) wrap a parse failure in a mapping exception; the parse failure is the news.
        if (failure instanceof JsonMappingException && failure.getCause() instanceof StreamReadException parse) {
            return describe(parse);
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ", " (known fields: ", ")"));
            return "unknown field '" + unknown.getPropertyName() + "' at " + pointer(unknown) + known;
        }
        if (failure instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause() == null ? invalid : invalid.getCause();
            return "invalid value at " + pointer(invalid) + ": " + cause.getMessage();
        }
        if (failure instanceof InvalidFormatException format) {
            return "wrong value at " + pointer(format) + ": '" + format.getValue() + "' is not a " + simpleName(format.getTargetType());
        }
        if (failure instanceof MismatchedInputException mismatch) {
            String expected = mismatch.getTargetType() == null ? "another type" : simpleName(mismatch.getTargetType());
            return "wrong type at " + pointer(mismatch) + ": expected " + expected;
        }
        if (failure instanceof StreamReadException parse) {
            String where = parse.getLocation() == null ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
            return "malformed JSON" + where + ": " + parse.getOriginalMessage();
        }
        if (failure instanceof JsonProcessingException processing) {
            return "invalid JSON: " + processing.getOriginalMessage();
        }
        return "cannot read the request body: " + failure.getMessage();
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }

    private static String simpleName(Class<?> type) {
        if (type == String.class) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return type.getSimpleName();
    }
}
