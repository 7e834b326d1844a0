package io.cairn.embedded.neo4j;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.internal.InternalNode;
import org.neo4j.driver.internal.InternalRelationship;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;

/**
 * Converts between what the embedded API gives and takes and what the Java driver gives and takes, so that code
 * written against the driver reads the same values from a statement run in process as over Bolt.
 */
final class DriverValues {

    private DriverValues() {
    }

    /** An embedded result value as the driver would have decoded it from Bolt. */
    static Value toDriver(Object value) {
        if (value == null) {
            return Values.NULL;
        }
        if (value instanceof Node node) {
            List<String> labels = new ArrayList<>();
            for (Label label : node.getLabels()) {
                labels.add(label.name());
            }
            return new InternalNode(node.getId(), node.getElementId(), labels, properties(node.getAllProperties())).asValue();
        }
        if (value instanceof Relationship relationship) {
            return new InternalRelationship(relationship.getId(), relationship.getElementId(),
                    relationship.getStartNode().getId(), relationship.getStartNode().getElementId(),
                    relationship.getEndNode().getId(), relationship.getEndNode().getElementId(),
                    relationship.getType().name(), properties(relationship.getAllProperties())).asValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Value> converted = new LinkedHashMap<>();
            map.forEach((key, item) -> converted.put((String) key, toDriver(item)));
            return Values.value(converted);
        }
        if (value instanceof Collection<?> collection) {
            List<Value> converted = new ArrayList<>(collection.size());
            collection.forEach(item -> converted.add(toDriver(item)));
            return Values.value(converted);
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            int length = Array.getLength(value);
            List<Value> converted = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                converted.add(toDriver(Array.get(value, i)));
            }
            return Values.value(converted);
        }
        if (value instanceof org.neo4j.graphdb.Path) {
            throw new IllegalArgumentException("paths are not returned by Cairn's statements; return nodes or values");
        }
        return Values.value(value);
    }

    private static Map<String, Value> properties(Map<String, Object> properties) {
        Map<String, Value> converted = new LinkedHashMap<>();
        properties.forEach((key, item) -> converted.put(key, toDriver(item)));
        return converted;
    }

    /** Driver-style parameters (plain Java values, driver values, any iterable) as the embedded API takes them. */
    static Map<String, Object> parameters(Map<String, Object> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return Map.of();
        }
        // Writers pass tens of thousands of row maps per statement; copying them all when nothing needs converting
        // was a measurable share of the lineage writer's allocation (and so of its GC).
        if (plain(parameters)) {
            return parameters;
        }
        Map<String, Object> converted = new LinkedHashMap<>();
        parameters.forEach((key, value) -> converted.put(key, toEmbedded(value)));
        return converted;
    }

    /** Whether the embedded API takes the value as it is: scalars, byte arrays, lists and string-keyed maps of such, no driver values. */
    private static boolean plain(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Boolean
                || value instanceof Double || value instanceof byte[]) {
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!plain(item)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !plain(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Object toEmbedded(Object value) {
        if (value instanceof Value driverValue) {
            return toEmbedded(driverValue.asObject());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((key, item) -> converted.put((String) key, toEmbedded(item)));
            return converted;
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> converted = new ArrayList<>();
            iterable.forEach(item -> converted.add(toEmbedded(item)));
            return converted;
        }
        return value;
    }
}
