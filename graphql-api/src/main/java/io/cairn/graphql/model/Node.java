package io.cairn.graphql.model;

/**
 * What the API's entity types share: the URN and the GraphQL type name. The records implementing it are named after
 * their GraphQL types, which is how Spring for GraphQL resolves the {@code Entity} and {@code LineageNode} interfaces.
 */
public sealed interface Node permits Namespace, Dataset, Column, Job, Run, Principal, GlossaryTerm, Domain {

    String urn();

    /** The {@code EntityType} enum value. */
    String type();
}
