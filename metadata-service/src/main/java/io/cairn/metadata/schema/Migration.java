package io.cairn.metadata.schema;

import java.util.List;
import java.util.Objects;

/**
 * One versioned change to the Neo4j schema or data. Statements run in order, each in its own transaction (Neo4j
 * does not mix schema and data changes in one), and must be idempotent: a node that died half-way through a
 * migration runs it again at its next start.
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
    }
}
