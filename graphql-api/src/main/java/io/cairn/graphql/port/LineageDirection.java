package io.cairn.graphql.port;

/** Which way lineage is walked. */
public enum LineageDirection {
    UPSTREAM,
    DOWNSTREAM,
    BOTH;

    public boolean upstream() {
        return this != DOWNSTREAM;
    }

    public boolean downstream() {
        return this != UPSTREAM;
    }
}
