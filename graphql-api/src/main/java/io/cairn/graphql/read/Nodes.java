package io.cairn.graphql.read;

import io.cairn.graphql.model.Column;
import io.cairn.graphql.model.Dataset;
import io.cairn.graphql.model.Domain;
import io.cairn.graphql.model.GlossaryTerm;
import io.cairn.graphql.model.Job;
import io.cairn.graphql.model.Namespace;
import io.cairn.graphql.model.Node;
import io.cairn.graphql.model.Principal;
import io.cairn.graphql.model.Run;
import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the API's entity records from node properties, as catalog-rest, lineage-ingest and governance write them. */
final class Nodes {

    private Nodes() {
    }

    static Node of(Urn urn, Map<String, Object> props) {
        String u = urn.toString();
        return switch (urn.type()) {
            case DATASET -> dataset(u, props);
            case COLUMN -> new Column(u, urn.keyParts().get(1), Urn.dataset(urn.uuid()).toString(),
                    text(props, "dataType", text(props, "olType", null)), (Boolean) props.get("required"),
                    text(props, "doc", text(props, "olDescription", null)));
            case JOB -> new Job(u, text(props, "namespace", ""), text(props, "name", u), time(props.get("createdAt")));
            case RUN -> new Run(u, text(props, "runId", urn.keyParts().get(0)), text(props, "state", null),
                    time(props.get("startedAt")), time(props.get("endedAt")));
            case NAMESPACE -> namespace(urn, props);
            case PRINCIPAL -> Principal.of(urn);
            case GLOSSARY_TERM -> new GlossaryTerm(u, urn.keyParts().get(0), text(props, "name", urn.keyParts().get(0)));
            case DOMAIN -> new Domain(u, urn.keyParts().get(0), text(props, "name", urn.keyParts().get(0)));
        };
    }

    private static Dataset dataset(String urn, Map<String, Object> props) {
        String catalogName = text(props, "catalogName", null);
        String olNamespace = text(props, "olNamespace", null);
        String olName = text(props, "olName", null);
        String name = text(props, "name", olName == null ? urn : olName);
        String qualified = catalogName != null ? catalogName : olNamespace != null ? olNamespace + "/" + olName : urn;
        String platform = catalogName != null ? "iceberg" : olNamespace == null ? null : platformOf(olNamespace);
        String kind = props.get("kind") == null ? "DATASET" : props.get("kind").toString().toUpperCase(Locale.ROOT);
        return new Dataset(urn, name, qualified, platform, kind, text(props, "location", null),
                Boolean.TRUE.equals(props.get("removed")), time(props.get("createdAt")), time(props.get("updatedAt")));
    }

    /** The OpenLineage namespace's scheme ({@code s3://bucket} is s3, {@code postgres://h:5432} postgres, {@code file} file). */
    static String platformOf(String namespace) {
        int end = namespace.indexOf(':');
        String scheme = end < 0 ? namespace : namespace.substring(0, end);
        return scheme.isBlank() ? null : scheme.toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Namespace namespace(Urn urn, Map<String, Object> props) {
        List<String> parts = urn.keyParts();
        Object levels = props.get("levels");
        return new Namespace(urn.toString(), text(props, "warehouse", parts.get(0)),
                levels instanceof List<?> list ? (List<String>) list : parts.subList(1, parts.size()),
                text(props, "name", String.join(".", parts.subList(1, parts.size()))), text(props, "properties", "{}"));
    }

    static String time(Object epochMillis) {
        return epochMillis instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : null;
    }

    private static String text(Map<String, Object> props, String key, String fallback) {
        Object value = props.get(key);
        return value == null ? fallback : value.toString();
    }
}
