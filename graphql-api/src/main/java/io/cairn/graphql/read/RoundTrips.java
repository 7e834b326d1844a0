package io.cairn.graphql.read;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the Cypher statements the GraphQL API sends to Neo4j: the measure of N+1 (a page of results must cost a
 * constant number of statements, whatever its size). Exposed as a bean so that tests and metrics can read it.
 */
public final class RoundTrips {

    private final LongAdder statements = new LongAdder();

    void add() {
        statements.increment();
    }

    public long statements() {
        return statements.sum();
    }
}
