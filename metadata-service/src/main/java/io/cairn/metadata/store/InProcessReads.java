package io.cairn.metadata.store;

import java.util.List;
import java.util.Map;

/**
 * One read statement run straight against a Neo4j database in this JVM, without Bolt. Rows are maps of plain values
 * (strings, numbers, booleans, lists and maps of them), as {@code Record.asMap()} gives them over Bolt.
 */
@FunctionalInterface
public interface InProcessReads {

    List<Map<String, Object>> rows(String cypher, Map<String, Object> parameters);
}
