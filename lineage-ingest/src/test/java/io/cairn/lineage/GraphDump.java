package io.cairn.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Value;

/**
 * A canonical text of the lineage graph that does not depend on random dataset UUIDs or on wall-clock times: each
 * node is named by what identifies it (a dataset by its smallest alias, a column by dataset + field path, a job by
 * namespace + name, a run by run id), so two graphs built from the same events compare equal line by line.
 */
final class GraphDump {

    private static final Set<String> VOLATILE = Set.of("urn", "createdAt", "updatedAt", "createdBy", "receivedAt", "owner",
            "inputs", "outputs", "currentInputs", "currentOutputs", "mergedInto", "key", "job", "olKey");

    private GraphDump() {
    }

    static List<String> dump(Driver driver) {
        try (var session = driver.session()) {
            Map<String, String> names = new HashMap<>();
            session.run("""
                    MATCH (d:Dataset) OPTIONAL MATCH (a:DatasetAlias)-[:ALIAS_OF]->(d)
                    WITH d, min(a.name) AS name RETURN elementId(d) AS id, name
                    """).forEachRemaining(r -> names.put(r.get("id").asString(), "D[" + r.get("name").asString() + "]"));
            session.run("MATCH (d:Dataset)-[:HAS_COLUMN]->(c:Column) RETURN elementId(d) AS d, elementId(c) AS id, c.fieldPath AS path")
                    .forEachRemaining(r -> names.put(r.get("id").asString(), "C[" + names.get(r.get("d").asString()) + "." + r.get("path").asString() + "]"));
            session.run("MATCH (j:Job) RETURN elementId(j) AS id, j.namespace AS ns, j.name AS name")
                    .forEachRemaining(r -> names.put(r.get("id").asString(), "J[" + r.get("ns").asString() + "/" + r.get("name").asString() + "]"));
            session.run("MATCH (r:Run) RETURN elementId(r) AS id, r.runId AS runId")
                    .forEachRemaining(r -> names.put(r.get("id").asString(), "R[" + r.get("runId").asString() + "]"));
            session.run("MATCH (v:JobVersion) RETURN elementId(v) AS id, v.key AS key")
                    .forEachRemaining(r -> names.put(r.get("id").asString(), "V[" + r.get("key").asString() + "]"));
            session.run("MATCH (f:Facet)-[:FACET_OF]->(n) RETURN elementId(f) AS id, elementId(n) AS n, f.key AS key")
                    .forEachRemaining(r -> names.put(r.get("id").asString(), "F[" + names.get(r.get("n").asString()) + ":" + r.get("key").asString() + "]"));
            session.run("MATCH (a:DatasetAlias) RETURN elementId(a) AS id, a.name AS name")
                    .forEachRemaining(r -> names.put(r.get("id").asString(), "A[" + r.get("name").asString() + "]"));
            List<String> lines = new ArrayList<>();
            session.run("MATCH (n) WHERE n:Dataset OR n:Column OR n:Job OR n:Run OR n:JobVersion OR n:Facet OR n:DatasetAlias OR n:RawLineageEvent "
                    + "RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props").forEachRemaining(r -> {
                String name = names.getOrDefault(r.get("id").asString(), "?");
                if (name.equals("?") && r.get("labels").asList().contains("RawLineageEvent")) {
                    name = "E[" + r.get("props").get("id").asString() + "]";
                }
                lines.add(name + " " + r.get("labels").asList(Value::asString).stream().sorted().toList() + " " + props(r.get("props")));
            });
            session.run("MATCH (a)-[r]->(b) WHERE NOT a:ChangeEvent AND NOT b:ChangeEvent AND NOT a:Aspect AND NOT b:Aspect "
                    + "RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b").forEachRemaining(r ->
                    lines.add(names.getOrDefault(r.get("a").asString(), "?") + " -" + r.get("type").asString() + props(r.get("props"))
                            + "-> " + names.getOrDefault(r.get("b").asString(), "?")));
            return lines.stream().sorted().toList();
        }
    }

    private static String props(Value value) {
        Map<String, Object> props = new TreeMap<>(value.asMap());
        props.keySet().removeIf(VOLATILE::contains);
        // byte arrays (compressed raw event bodies) compare by content
        props.replaceAll((key, item) -> item instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : item);
        return props.toString();
    }
}
