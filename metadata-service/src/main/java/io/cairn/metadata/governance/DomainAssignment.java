package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.urn.EntityType;

/** The one domain an entity belongs to (null = none); the writer checks that the domain exists. */
public record DomainAssignment(String domain) implements AspectValue {

    public DomainAssignment {
        domain = Checks.optionalUrn("domain.domain", domain, EntityType.DOMAIN);
    }
}
