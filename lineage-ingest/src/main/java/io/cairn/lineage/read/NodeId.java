package io.cairn.lineage.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Marquez node id: {@code dataset:<ns>:<name>}, {@code job:<ns>:<name>} or
 * {@code datasetField:<ns>:<name>:<field>}. Namespaces are often URIs with colons of their own
 * ({@code s3://bucket}, {@code hive://host:9083}, {@code postgres://db:5432}), so a namespace of the form
 * {@code scheme://authority[:port]} is taken whole; otherwise the namespace ends at the first colon. A field is what
 * follows the last colon.
 */
public record NodeId(Kind kind, String namespace, String name, String field) {

    public enum Kind { DATASET, JOB, DATASET_FIELD }

    private static final Pattern URI_NAMESPACE = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/:]*(?::\\d+)?):(.+)$");

    public static NodeId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("nodeId is required (dataset:<namespace>:<name>, job:<namespace>:<name> or datasetField:<namespace>:<name>:<field>)");
        }
        int colon = text.indexOf(':');
        String type = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        Kind kind = switch (type) {
            case "dataset" -> Kind.DATASET;
            case "job" -> Kind.JOB;
            case "datasetField" -> Kind.DATASET_FIELD;
            default -> throw new IllegalArgumentException("nodeId '" + text + "' must start with dataset:, job: or datasetField:");
        };
        String field = null;
        if (kind == Kind.DATASET_FIELD) {
            int last = rest.lastIndexOf(':');
            if (last < 0) {
                throw new IllegalArgumentException("nodeId '" + text + "' needs datasetField:<namespace>:<name>:<field>");
            }
            field = rest.substring(last + 1);
            rest = rest.substring(0, last);
        }
        String namespace;
        String name;
        Matcher uri = URI_NAMESPACE.matcher(rest);
        if (uri.matches()) {
            namespace = uri.group(1);
            name = uri.group(2);
        } else {
            int split = rest.indexOf(':');
            if (split <= 0 || split == rest.length() - 1) {
                throw new IllegalArgumentException("nodeId '" + text + "' needs a namespace and a name separated by ':'");
            }
            namespace = rest.substring(0, split);
            name = rest.substring(split + 1);
        }
        if (field != null && field.isEmpty()) {
            throw new IllegalArgumentException("nodeId '" + text + "' has an empty field");
        }
        return new NodeId(kind, namespace, name, field);
    }

    public static String dataset(String namespace, String name) {
        return "dataset:" + namespace + ":" + name;
    }

    public static String job(String namespace, String name) {
        return "job:" + namespace + ":" + name;
    }

    public static String field(String namespace, String name, String field) {
        return "datasetField:" + namespace + ":" + name + ":" + field;
    }
}
