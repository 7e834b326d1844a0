package io.cairn.graphql.read;

/** The newest version of one aspect of one entity: the key of the batched aspect loader. */
public record AspectKey(String urn, String aspect) {
}
