package io.cairn.catalog.glue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Glue's JSON at the edge: UpperCamelCase members, strict reading (unknown members, wrong types, trailing data and
 * malformed JSON are refused with an InvalidInputException naming the member), nulls left out when writing.
 */
final class GlueJson {

    private final ObjectMapper mapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw GlueException.invalidInput("the request body is empty; a JSON object is expected");
        }
        ObjectReader reader = mapper.readerFor(type);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw GlueException.invalidInput("the request body must be a JSON object, not null");
            }
            return value;
        } catch (IOException e) {
            throw GlueException.invalidInput(describe(e));
        }
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(IOException failure) {
        if (failure instanceof JsonMappingException && failure.getCause() instanceof StreamReadException parse) {
            return describe(parse);
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            return "unknown member '" + unknown.getPropertyName() + "' at " + pointer(unknown);
        }
        if (failure instanceof InvalidFormatException format) {
            return "wrong value at " + pointer(format) + ": '" + format.getValue() + "'";
        }
        if (failure instanceof MismatchedInputException mismatch) {
            String expected = mismatch.getTargetType() == null ? "another type" : mismatch.getTargetType().getSimpleName();
            return "wrong type at " + pointer(mismatch) + ": expected " + expected;
        }
        if (failure instanceof StreamReadException parse) {
            String where = parse.getLocation() == null ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
            return "malformed JSON" + where + ": " + parse.getOriginalMessage();
        }
        if (failure instanceof JsonMappingException mapping) {
            return "invalid request at " + pointer(mapping) + ": " + mapping.getOriginalMessage();
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
}
