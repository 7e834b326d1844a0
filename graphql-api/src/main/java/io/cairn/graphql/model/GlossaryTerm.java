package io.cairn.graphql.model;

/** A glossary term; its definition and parent come from its {@code glossaryTermInfo} aspect. */
public record GlossaryTerm(String urn, String id, String name) implements Node {

    @Override
    public String type() {
        return "GLOSSARY_TERM";
    }
}
