package io.cairn.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.governance.Health;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Builds search documents from the graph that the catalog, lineage ingest and governance write. Every piece is
 * optional (a dataset known only from lineage has no catalog name; a column may be a stub), so the builder takes what
 * is there. Arrays are sorted so that the same graph always gives the same document: a rebuild equals the
 * incremental result.
 */
public final class Neo4jDocumentSource implements DocumentSource {

    private static final int MAX_SUGGEST_INPUT = 100;

    private final GraphStore store;
    private final ObjectMapper mapper;

    public Neo4jDocumentSource(GraphStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    @Override
    public Map<String, SearchDocument> loadAll(List<String> urns) {
        Map<String, SearchIndex> searchable = new LinkedHashMap<>();
        for (String text : urns) {
            Urn urn = Urn.parse(text);
            SearchIndex.of(urn.type()).ifPresent(index -> searchable.put(urn.toString(), index));
        }
        if (searchable.isEmpty()) {
            return Map.of();
        }
        return store.read(tx -> {
            Map<String, Record> found = fetch(tx, List.copyOf(searchable.keySet()));
            Map<String, SearchDocument> documents = new LinkedHashMap<>();
            for (String text : urns) {
                String urn = Urn.parse(text).toString();
                SearchIndex index = searchable.get(urn);
                if (index != null) {
                    Record record = found.get(urn);
                    documents.put(text, record == null ? SearchDocument.deleted(index, urn) : build(tx, index, urn, record));
                }
            }
            return documents;
        });
    }

    /**
     * An entity with everything its document needs but the names of its terms, domain and ancestors: aspects, and for
     * a dataset its aliases and columns. One statement for a whole page instead of three or four per document.
     */
    private static Map<String, Record> fetch(TransactionContext tx, List<String> urns) {
        Map<String, Record> found = new HashMap<>();
        tx.run("""
                UNWIND $urns AS u
                MATCH (e:Entity {urn: u})
                RETURN u, e{.*} AS e, labels(e) AS labels,
                       [(e)-[:HAS_ASPECT]->(a:Aspect {latest: true}) | [a.name, a.value]] AS aspects,
                       [(alias:DatasetAlias)-[:ALIAS_OF]->(e) WHERE e:Dataset | alias.name] AS aliases,
                       [(e)-[:HAS_COLUMN]->(c:Column) WHERE e:Dataset AND NOT coalesce(c.removed, false)
                          | {path: coalesce(c.fieldPath, c.name), type: coalesce(c.dataType, c.olType), doc: coalesce(c.doc, c.olDescription),
                             aspects: [(c)-[:HAS_ASPECT]->(ca:Aspect {latest: true})
                                       WHERE ca.name IN ['description', 'tags', 'glossaryTerms'] | [ca.name, ca.value]]}] AS columns
                """, Map.of("urns", urns)).forEachRemaining(record -> found.put(record.get("u").asString(), record));
        return found;
    }

    private SearchDocument build(TransactionContext tx, SearchIndex index, String urn, Record record) {
        Value entity = record.get("e");
        List<String> labels = record.get("labels").asList(Value::asString);
        Map<String, JsonNode> aspects = aspects(record.get("aspects"));
        boolean removed = entity.get("removed").asBoolean(false) || labels.contains("MergedDataset")
                || aspects.getOrDefault("status", mapper.nullNode()).path("removed").asBoolean(false);
        if (removed || !labels.contains(index.entityType().label())) {
            return SearchDocument.deleted(index, urn);
        }
        ObjectNode doc = mapper.createObjectNode();
        doc.put("urn", urn);
        doc.put("type", index.resultType());
        TreeSet<String> qualifiedNames = new TreeSet<>();
        TreeSet<String> tags = new TreeSet<>(texts(aspects.get("tags"), "tags"));
        TreeSet<String> terms = new TreeSet<>(texts(aspects.get("glossaryTerms"), "terms"));
        String name;
        switch (index) {
            case DATASETS -> name = dataset(record, urn, entity, aspects, doc, qualifiedNames, tags, terms);
            case JOBS -> {
                name = text(entity, "name", urn);
                String namespace = text(entity, "namespace", null);
                if (namespace != null) {
                    doc.put("namespace", namespace);
                    qualifiedNames.add(namespace + "." + name);
                }
            }
            case TERMS, DOMAINS -> {
                JsonNode info = aspects.get(index == SearchIndex.TERMS ? "glossaryTermInfo" : "domainInfo");
                name = info == null ? text(entity, "name", urn) : info.path("name").asText();
                String described = info == null ? null : info.path(index == SearchIndex.TERMS ? "definition" : "description").asText(null);
                if (described != null) {
                    doc.put("description", described);
                }
                if (info != null && info.hasNonNull("parent")) {
                    doc.put("parent", info.get("parent").asText());
                }
                List<String> path = tx.run("""
                        MATCH p = (:Entity {urn: $urn})-[:CHILD_OF*0..32]->(top:Entity) WHERE NOT (top)-[:CHILD_OF]->()
                        RETURN [n IN reverse(nodes(p)) | coalesce(n.name, n.urn)] AS path LIMIT 1
                        """, Map.of("urn", urn)).list(r -> r.get("path").asList(Value::asString)).stream().findFirst().orElse(List.of(name));
                qualifiedNames.add(String.join(".", path));
            }
            case PRINCIPALS -> {
                Urn parsed = Urn.parse(urn);
                name = parsed.keyParts().get(1);
                doc.put("namespace", parsed.keyParts().get(0));
                qualifiedNames.add(parsed.keyParts().get(0) + ":" + name);
            }
            default -> throw new IllegalStateException("no document builder for " + index);
        }
        doc.put("name", name);
        doc.put("sortName", name);
        putArray(doc, "qualifiedName", qualifiedNames);
        JsonNode description = aspects.get("description");
        if (description != null && description.hasNonNull("text")) {
            doc.put("description", description.get("text").asText());
        }
        governance(tx, aspects, doc, tags, terms);
        if (entity.containsKey("updatedAt") && !entity.get("updatedAt").isNull()) {
            doc.put("updatedAt", entity.get("updatedAt").asLong());
        }
        ObjectNode suggest = doc.putObject("suggest");
        ArrayNode inputs = suggest.putArray("input");
        TreeSet<String> suggestions = new TreeSet<>();
        suggestions.add(name);
        qualifiedNames.stream().filter(q -> !q.contains("/")).forEach(suggestions::add);
        suggestions.stream().filter(s -> !s.isBlank()).map(s -> s.length() > MAX_SUGGEST_INPUT ? s.substring(0, MAX_SUGGEST_INPUT) : s)
                .forEach(inputs::add);
        return new SearchDocument(index, urn, doc);
    }

    private String dataset(Record fetched, String urn, Value entity, Map<String, JsonNode> aspects, ObjectNode doc,
                           TreeSet<String> qualifiedNames, TreeSet<String> tags, TreeSet<String> terms) {
        String catalogName = text(entity, "catalogName", null);
        String olNamespace = text(entity, "olNamespace", null);
        String olName = text(entity, "olName", null);
        String name = text(entity, "name", null);
        if (name == null && olName != null) {
            name = lastSegment(olName);
        }
        if (name == null) {
            name = urn;
        }
        String platform = null;
        String namespace = null;
        if (catalogName != null && catalogName.startsWith("iceberg:")) {
            String qualified = catalogName.substring("iceberg:".length());
            qualifiedNames.add(qualified);
            int firstDot = qualified.indexOf('.');
            if (firstDot > 0) {
                qualifiedNames.add(qualified.substring(firstDot + 1));
            }
            platform = "iceberg";
            int lastDot = qualified.lastIndexOf('.');
            namespace = lastDot > 0 ? qualified.substring(0, lastDot) : qualified;
        }
        if (olName != null) {
            qualifiedNames.add(olName);
            if (namespace == null) {
                namespace = olNamespace;
            }
            if (platform == null && olNamespace != null) {
                int colon = olNamespace.indexOf(':');
                platform = colon > 0 ? olNamespace.substring(0, colon) : olNamespace;
            }
        }
        fetched.get("aliases").values().forEach(alias -> qualifiedNames.add(alias.asString()));
        if (platform != null) {
            doc.put("platform", platform);
        }
        if (namespace != null) {
            doc.put("namespace", namespace);
        }
        JsonNode snapshot = aspects.get("currentSnapshot");
        if (snapshot != null && snapshot.hasNonNull("timestampMs")) {
            doc.put("lastModified", snapshot.get("timestampMs").asLong());
        }
        JsonNode run = aspects.get("qualityResults");
        List<Boolean> outcomes = new ArrayList<>();
        if (run != null) {
            run.path("results").forEach(result -> outcomes.add(result.path("success").asBoolean(false)));
        }
        doc.put("health", Health.of(outcomes).wireName());
        if (entity.containsKey("lastSuccessfulWriteAt") && !entity.get("lastSuccessfulWriteAt").isNull()) {
            doc.put("lastSuccessfulWrite", entity.get("lastSuccessfulWriteAt").asLong());
        }
        JsonNode metrics = aspects.get("qualityMetrics");
        if (metrics != null) {
            for (JsonNode metric : metrics.path("metrics")) {
                if (metric.path("column").isNull() && metric.path("name").asText().equals("rowCount")) {
                    doc.put("rowCount", metric.path("value").asLong());
                }
            }
        }

        List<Value> columns = fetched.get("columns").asList(column -> column);
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> descriptions = new TreeSet<>();
        TreeSet<String> types = new TreeSet<>();
        TreeSet<String> columnTags = new TreeSet<>();
        for (Value column : columns) {
            if (column.get("path").isNull()) {
                continue;
            }
            names.add(column.get("path").asString());
            if (!column.get("type").isNull()) {
                types.add(column.get("type").asString());
            }
            Map<String, JsonNode> columnAspects = aspects(column.get("aspects"));
            JsonNode described = columnAspects.get("description");
            if (described != null && described.hasNonNull("text")) {
                descriptions.add(described.get("text").asText());
            } else if (!column.get("doc").isNull()) {
                descriptions.add(column.get("doc").asString());
            }
            columnTags.addAll(texts(columnAspects.get("tags"), "tags"));
            terms.addAll(texts(columnAspects.get("glossaryTerms"), "terms"));
        }
        tags.addAll(columnTags);
        putArray(doc, "columnNames", names);
        putArray(doc, "columnDescriptions", descriptions);
        putArray(doc, "columnTypes", types);
        putArray(doc, "columnTags", columnTags);
        return name;
    }

    private void governance(TransactionContext tx, Map<String, JsonNode> aspects, ObjectNode doc, TreeSet<String> tags, TreeSet<String> terms) {
        putArray(doc, "tags", tags);
        putArray(doc, "terms", terms);
        TreeSet<String> owners = new TreeSet<>();
        TreeSet<String> ownerNames = new TreeSet<>();
        TreeSet<String> ownershipTypes = new TreeSet<>();
        JsonNode ownership = aspects.get("ownership");
        if (ownership != null) {
            for (JsonNode owner : ownership.path("owners")) {
                String ownerUrn = owner.path("owner").asText();
                owners.add(ownerUrn);
                List<String> parts = Urn.parse(ownerUrn).keyParts();
                ownerNames.add(parts.get(parts.size() - 1));
                ownershipTypes.add(owner.path("type").asText());
            }
        }
        putArray(doc, "owners", owners);
        putArray(doc, "ownerNames", ownerNames);
        putArray(doc, "ownershipTypes", ownershipTypes);
        JsonNode domain = aspects.get("domain");
        String domainUrn = domain == null ? null : domain.path("domain").asText(null);
        List<String> lookups = new ArrayList<>(terms);
        if (domainUrn != null) {
            lookups.add(domainUrn);
            doc.put("domain", domainUrn);
        }
        Map<String, String> names = names(tx, lookups);
        putArray(doc, "termNames", new TreeSet<>(terms.stream().map(term -> names.getOrDefault(term, term)).toList()));
        if (domainUrn != null) {
            doc.put("domainName", names.getOrDefault(domainUrn, domainUrn));
        }
        JsonNode deprecation = aspects.get("deprecation");
        boolean deprecated = deprecation != null && deprecation.path("deprecated").asBoolean(false);
        doc.put("deprecated", deprecated);
        if (deprecated && deprecation.hasNonNull("note")) {
            doc.put("deprecationNote", deprecation.get("note").asText());
        }
    }

    private static Map<String, String> names(TransactionContext tx, Collection<String> urns) {
        Map<String, String> names = new HashMap<>();
        if (!urns.isEmpty()) {
            tx.run("UNWIND $urns AS u MATCH (e:Entity {urn: u}) RETURN e.urn AS urn, e.name AS name", Map.of("urns", List.copyOf(urns)))
                    .forEachRemaining(r -> {
                        if (!r.get("name").isNull()) {
                            names.put(r.get("urn").asString(), r.get("name").asString());
                        }
                    });
        }
        return names;
    }

    @Override
    public List<String> urns(SearchIndex index, String afterUrn, int limit) {
        // The label comes from a closed enum, never from input.
        return store.read(tx -> tx.run("MATCH (e:Entity:" + index.entityType().label() + ") WHERE e.urn > $after"
                + " RETURN e.urn AS urn ORDER BY e.urn LIMIT $limit",
                Map.of("after", afterUrn == null ? "" : afterUrn, "limit", limit)).list(r -> r.get("urn").asString()));
    }

    @Override
    public List<String> showingNameOf(String urn, String afterUrn, int limit) {
        return store.read(tx -> tx.run("""
                CALL {
                  MATCH (:Entity {urn: $urn})<-[:HAS_TERM|IN_DOMAIN]-(a:Entity) RETURN a.urn AS urn
                  UNION
                  MATCH (:Entity {urn: $urn})<-[:CHILD_OF*1..32]-(c:Entity) RETURN c.urn AS urn
                }
                WITH urn WHERE urn > $after
                RETURN urn ORDER BY urn LIMIT $limit
                """, Map.of("urn", urn, "after", afterUrn == null ? "" : afterUrn, "limit", limit)).list(r -> r.get("urn").asString()));
    }

    @Override
    public long count(SearchIndex index) {
        return store.read(tx -> tx.run("MATCH (e:Entity:" + index.entityType().label() + ") RETURN count(e) AS n")
                .single().get("n").asLong());
    }

    @Override
    public long currentSeq() {
        return store.read(tx -> tx.run("MATCH (s:Sequence {name: 'changelog'}) RETURN s.value AS value")
                .list(r -> r.get("value").asLong()).stream().findFirst().orElse(0L));
    }

    @Override
    public List<ChangedUrn> changesAfter(long afterSeq, int limit) {
        return store.read(tx -> tx.run("""
                MATCH (c:ChangeEvent) WHERE c.seq > $after
                RETURN c.seq AS seq, c.urn AS urn ORDER BY c.seq LIMIT $limit
                """, Map.of("after", afterSeq, "limit", limit)).list(r -> new ChangedUrn(r.get("seq").asLong(), r.get("urn").asString())));
    }

    private Map<String, JsonNode> aspects(Value pairs) {
        Map<String, JsonNode> aspects = new HashMap<>();
        for (Value pair : pairs.values()) {
            if (pair.get(0).isNull() || pair.get(1).isNull()) {
                continue;
            }
            try {
                aspects.put(pair.get(0).asString(), mapper.readTree(pair.get(1).asString()));
            } catch (IOException notJson) {
                // An aspect another module wrote in a shape we cannot read adds nothing to the document.
            }
        }
        return aspects;
    }

    private static List<String> texts(JsonNode aspect, String field) {
        List<String> values = new ArrayList<>();
        if (aspect != null) {
            aspect.path(field).forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static String text(Value entity, String key, String fallback) {
        Value value = entity.get(key);
        return value == null || value.isNull() ? fallback : value.asString();
    }

    private static String lastSegment(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('.'));
        return cut >= 0 && cut < trimmed.length() - 1 ? trimmed.substring(cut + 1) : trimmed;
    }

    private static void putArray(ObjectNode doc, String field, Collection<String> values) {
        ArrayNode array = doc.putArray(field);
        values.forEach(array::add);
    }
}
