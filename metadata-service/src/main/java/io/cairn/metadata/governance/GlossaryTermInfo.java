package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;

/** A glossary term: display name, definition, and optionally its parent term (the hierarchy). */
public record GlossaryTermInfo(String name, String definition, String parent) implements AspectValue {

    public static final int MAX_NAME = 200;
    public static final int MAX_DEFINITION = 65_536;

    public GlossaryTermInfo {
        name = Checks.name("glossaryTermInfo.name", name, MAX_NAME);
        definition = Checks.text("glossaryTermInfo.definition", definition, MAX_DEFINITION);
        parent = Checks.optionalUrn("glossaryTermInfo.parent", parent, EntityType.GLOSSARY_TERM);
    }

    public Urn parentUrn() {
        return parent == null ? null : Urn.parse(parent);
    }
}
