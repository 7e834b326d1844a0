package io.cairn.graphql.read;

/** The targets of one relationship from one node: the key of the batched relation loader. */
public record RelationKey(String urn, Relation relation) {
}
