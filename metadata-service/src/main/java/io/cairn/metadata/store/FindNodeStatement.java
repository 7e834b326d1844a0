package io.cairn.metadata.store;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The Cypher statement {@link GraphStore#findNode} runs over Bolt: one node matched on its key, named properties. */
final class FindNodeStatement {

    /** The one column: the node's properties as a map projection (a property the node lacks maps to null). */
    static final String COLUMN = "node";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private FindNodeStatement() {
    }

    static String of(String label, Collection<String> key, List<String> properties) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a node's key needs at least one property");
        }
        String match = key.stream().map(name -> identifier(name) + ": $" + name).collect(Collectors.joining(", "));
        String projection = properties.stream().map(name -> "." + identifier(name)).collect(Collectors.joining(", "));
        return "MATCH (n:" + identifier(label) + " {" + match + "}) RETURN n {" + projection + "} AS " + COLUMN;
    }

    /** Names are interpolated into the statement, so only plain identifiers pass. */
    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }
}
