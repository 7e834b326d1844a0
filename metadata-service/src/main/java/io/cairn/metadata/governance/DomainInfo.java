package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;

/** A domain (a business area that groups datasets and jobs); domains nest through {@code parent}. */
public record DomainInfo(String name, String description, String parent) implements AspectValue {

    public DomainInfo {
        name = Checks.name("domainInfo.name", name, GlossaryTermInfo.MAX_NAME);
        description = Checks.text("domainInfo.description", description, GlossaryTermInfo.MAX_DEFINITION);
        parent = Checks.optionalUrn("domainInfo.parent", parent, EntityType.DOMAIN);
    }

    public Urn parentUrn() {
        return parent == null ? null : Urn.parse(parent);
    }
}
