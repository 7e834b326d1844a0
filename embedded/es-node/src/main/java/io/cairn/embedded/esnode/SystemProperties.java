package io.cairn.embedded.esnode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fixed set of system properties that can be snapshot and put back (a missing one is cleared again). */
final class SystemProperties {

    private final List<String> keys;

    SystemProperties(String... keys) {
        this.keys = List.of(keys);
    }

    Map<String, String> snapshot() {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            values.put(key, System.getProperty(key)); // HashMap: null means "was not set"
        }
        return values;
    }

    void restore(Map<String, String> snapshot) {
        for (String key : keys) {
            String value = snapshot.get(key);
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        }
    }
}
