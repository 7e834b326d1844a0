package io.cairn.graphql.read;

/**
 * The graph relationships the API follows, each a bounded Cypher fragment from the node {@code n} (bound to the
 * source URN) to target nodes returned as {@code t}, whose properties the loader returns, so that following a
 * relationship and loading its targets is one statement (graphql-java 24 cannot chain one DataLoader after another
 * within a field). Fragments are constants, never input.
 */
public enum Relation {
    COLUMNS("MATCH (n)-[:HAS_COLUMN]->(c:Column) WHERE NOT coalesce(c.removed, false) "
            + "RETURN c AS t ORDER BY coalesce(c.fieldId, 2147483647), c.fieldPath"),
    ALIASES("MATCH (a:DatasetAlias)-[:ALIAS_OF]->(n) RETURN a AS t ORDER BY a.name"),
    NAMESPACE("MATCH (e:CatalogEntry {dataset: n.urn}) MATCH (c:CatalogNamespace {warehouse: e.warehouse, name: e.namespace}) "
            + "RETURN c AS t"),
    READ_BY("MATCH (j:Job)-[:READS]->(n) RETURN j AS t ORDER BY j.urn"),
    WRITTEN_BY("MATCH (j:Job)-[:WRITES]->(n) RETURN j AS t ORDER BY j.urn"),
    JOB_INPUTS("MATCH (n)-[:READS]->(d:Dataset) RETURN d AS t ORDER BY d.urn"),
    JOB_OUTPUTS("MATCH (n)-[:WRITES]->(d:Dataset) RETURN d AS t ORDER BY d.urn"),
    RUN_INPUTS("MATCH (n)-[:CONSUMED]->(d:Dataset) RETURN d AS t ORDER BY d.urn"),
    RUN_OUTPUTS("MATCH (n)-[:PRODUCED]->(d:Dataset) RETURN d AS t ORDER BY d.urn"),
    RUN_JOB("MATCH (n)-[:RUN_OF]->(j:Job) RETURN j AS t"),
    RUN_PARENT("MATCH (n)-[:PARENT_RUN]->(p:Run) RETURN p AS t"),
    RUN_CHILDREN("MATCH (c:Run)-[:PARENT_RUN]->(n) RETURN c AS t ORDER BY coalesce(c.startedAt, 0) DESC, c.urn"),
    CHILDREN("MATCH (c:Entity)-[:CHILD_OF]->(n) RETURN c AS t ORDER BY c.name, c.urn");

    /** The most targets one node contributes; lists longer than this are paged elsewhere or cut. */
    public static final int CAP = 1_000;

    private final String fragment;

    Relation(String fragment) {
        this.fragment = fragment;
    }

    String fragment() {
        return fragment;
    }
}
