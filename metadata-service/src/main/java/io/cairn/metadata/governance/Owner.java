package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;

/** One owner: a user or group principal URN and the kind of ownership. */
public record Owner(String owner, OwnershipType type) {

    public Owner {
        if (owner == null || owner.isBlank()) {
            throw new InvalidAspectException("owners[].owner is required (a principal URN such as urn:cairn:principal:user:alice)");
        }
        if (type == null) {
            throw new InvalidAspectException("owners[].type is required (TECHNICAL_OWNER, BUSINESS_OWNER or DATA_STEWARD)");
        }
        Urn urn = Urn.parse(owner);
        if (urn.type() != EntityType.PRINCIPAL) {
            throw new InvalidAspectException("owner '" + owner + "' is not a principal URN");
        }
        owner = urn.toString();
    }

    public Urn urn() {
        return Urn.parse(owner);
    }
}
