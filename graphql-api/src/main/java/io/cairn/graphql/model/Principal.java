package io.cairn.graphql.model;

import io.cairn.metadata.urn.Urn;

/** A user, group or client; everything about it is in its URN. */
public record Principal(String urn, String kind, String name) implements Node {

    public static Principal of(Urn urn) {
        return new Principal(urn.toString(), urn.keyParts().get(0), urn.keyParts().get(1));
    }

    @Override
    public String type() {
        return "PRINCIPAL";
    }
}
