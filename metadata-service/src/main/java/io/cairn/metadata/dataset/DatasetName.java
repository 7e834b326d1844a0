package io.cairn.metadata.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One name of a dataset, reduced to the alias key stored on {@code (:DatasetAlias {name})}. Two names that denote
 * the same data produce the same key, so the catalog and lineage ingest meet on one node (ARCHITECTURE decision 2).
 *
 * <p>Key grammar: {@code openlineage:<namespace>|<name>} for an OpenLineage pair, the normalised location itself for
 * storage ({@code file:/x/y}, {@code s3://bucket/path}), {@code iceberg:<warehouse>.<ns...>.<table>} for a catalog
 * table (the string catalog-rest already writes) and {@code hive://<host:port>/<db>.<table>} for a Hive table.
 */
public record DatasetName(Kind kind, String key) {

    public enum Kind { OPENLINEAGE, LOCATION, CATALOG_TABLE, HIVE_TABLE }

    /** OpenLineage namespaces whose name is a path in that storage, so the pair is also a location. */
    private static final Set<String> STORAGE_SCHEMES = Set.of("file", "s3", "s3a", "s3n", "gs", "gcs", "hdfs", "abfs",
            "abfss", "wasb", "wasbs", "oss", "viewfs", "dbfs");

    public DatasetName {
        Objects.requireNonNull(kind, "kind");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a dataset name needs a key");
        }
    }

    /** The OpenLineage pair as sent (only surrounding blanks trimmed); see {@link #fromOpenLineage} for derived names. */
    public static DatasetName openLineage(String namespace, String name) {
        return new DatasetName(Kind.OPENLINEAGE, "openlineage:" + namespace.strip() + "|" + name.strip());
    }

    /**
     * A storage location, normalised: lower-case scheme, {@code file:/x/y} for local paths (also from
     * {@code file:///x/y} and a bare {@code /x/y}), no trailing slash, no {@code //} runs inside the path.
     */
    public static DatasetName location(String uri) {
        return new DatasetName(Kind.LOCATION, normaliseLocation(uri));
    }

    /** A table as the catalog registers it: warehouse, namespace levels and table name. */
    public static DatasetName catalogTable(String warehouse, List<String> namespace, String table) {
        List<String> parts = new ArrayList<>(namespace.size() + 1);
        parts.addAll(namespace);
        parts.add(table);
        return new DatasetName(Kind.CATALOG_TABLE, "iceberg:" + warehouse + "." + String.join(".", parts));
    }

    /** A Hive table: metastore {@code hive://host:port} and {@code db.table}; Hive names are case-insensitive. */
    public static DatasetName hive(String metastore, String dbTable) {
        String authority = metastore.strip().replaceFirst("(?i)^hive://", "").replaceAll("/+$", "");
        return new DatasetName(Kind.HIVE_TABLE, "hive://" + authority.toLowerCase(Locale.ROOT) + "/"
                + dbTable.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Every name an OpenLineage namespace + name pair denotes: the pair itself, plus the location when the namespace
     * is a storage system ({@code file}, {@code s3://bucket}, {@code hdfs://host}) and the Hive table for
     * {@code hive://} namespaces.
     */
    public static List<DatasetName> fromOpenLineage(String namespace, String name) {
        List<DatasetName> names = new ArrayList<>(2);
        names.add(openLineage(namespace, name));
        String ns = namespace.strip();
        String scheme = scheme(ns);
        if (scheme != null && scheme.equals("hive")) {
            names.add(hive(ns, name));
        } else if (scheme != null && STORAGE_SCHEMES.contains(scheme)) {
            String rest = ns.length() > scheme.length() ? ns.substring(scheme.length() + 1) : "";
            String path = name.strip();
            String joined = rest.isEmpty() ? scheme + ":" + path
                    : scheme + ":" + rest.replaceAll("/+$", "") + (path.startsWith("/") ? "" : "/") + path;
            names.add(location(joined));
        }
        return List.copyOf(names);
    }

    static String normaliseLocation(String raw) {
        String uri = raw.strip();
        if (uri.startsWith("/")) {
            uri = "file:" + uri;
        }
        String scheme = scheme(uri);
        if (scheme == null) {
            throw new IllegalArgumentException("'" + raw + "' is not a storage location (no scheme)");
        }
        String rest = uri.substring(uri.indexOf(':') + 1);
        String normalised;
        if (scheme.equals("file")) {
            // file:/x, file:///x and file://localhost/x all name the local path /x.
            String path = rest.replaceFirst("^//(localhost)?(?=/)", "");
            normalised = "file:/" + path.replaceAll("^/+", "").replaceAll("/{2,}", "/");
        } else if (rest.startsWith("//")) {
            String body = rest.substring(2);
            int slash = body.indexOf('/');
            String authority = slash < 0 ? body : body.substring(0, slash);
            String path = slash < 0 ? "" : body.substring(slash).replaceAll("/{2,}", "/");
            normalised = scheme + "://" + authority.toLowerCase(Locale.ROOT) + path;
        } else {
            normalised = scheme + ":" + rest;
        }
        while (normalised.endsWith("/") && !normalised.endsWith(":/") && !normalised.endsWith("://")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        return normalised;
    }

    /** The lower-case URI scheme, for a bare-word namespace such as {@code file} the word itself, else null. */
    private static String scheme(String text) {
        int colon = text.indexOf(':');
        String candidate = colon < 0 ? text : text.substring(0, colon);
        if (!candidate.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return null;
        }
        if (colon < 0 && !STORAGE_SCHEMES.contains(candidate.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return candidate.toLowerCase(Locale.ROOT);
    }
}
