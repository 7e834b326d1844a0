package io.cairn.metadata.urn;

import java.util.Arrays;

/** Who can act or own: people, groups of people, and API clients (engines, pipelines, tools). */
public enum PrincipalKind {
    USER("user"),
    GROUP("group"),
    CLIENT("client");

    private final String urnName;

    PrincipalKind(String urnName) {
        this.urnName = urnName;
    }

    public String urnName() {
        return urnName;
    }

    public static PrincipalKind fromUrnName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.urnName.equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidUrnException("unknown principal kind '" + name + "' (expected user, group or client)"));
    }
}
