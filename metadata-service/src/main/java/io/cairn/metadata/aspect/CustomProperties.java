package io.cairn.metadata.aspect;

import java.util.Map;
import java.util.TreeMap;

/** Free-form key/value properties, as users of Glue and DataHub expect to attach. */
public record CustomProperties(Map<String, String> properties) implements AspectValue {

    public static final int MAX_ENTRIES = 1_000;
    public static final int MAX_VALUE_LENGTH = 16_384;

    public CustomProperties {
        if (properties == null) {
            throw new InvalidAspectException("customProperties.properties is required");
        }
        if (properties.size() > MAX_ENTRIES) {
            throw new InvalidAspectException("customProperties holds more than " + MAX_ENTRIES + " entries");
        }
        properties.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > 256) {
                throw new InvalidAspectException("customProperties keys are 1 to 256 characters");
            }
            if (value == null) {
                throw new InvalidAspectException("customProperties value of '" + key + "' is null");
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidAspectException("customProperties value of '" + key + "' is longer than " + MAX_VALUE_LENGTH);
            }
        });
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }
}
