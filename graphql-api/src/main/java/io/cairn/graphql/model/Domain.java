package io.cairn.graphql.model;

/** A domain; its description and parent come from its {@code domainInfo} aspect. */
public record Domain(String urn, String id, String name) implements Node {

    @Override
    public String type() {
        return "DOMAIN";
    }
}
