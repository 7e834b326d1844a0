package io.cairn.metadata.urn;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of entity Cairn keeps. The URN name is part of the stable URN scheme (docs/urns.md). */
public enum EntityType {
    NAMESPACE("namespace", "Namespace"),
    DATASET("dataset", "Dataset"),
    COLUMN("column", "Column"),
    JOB("job", "Job"),
    RUN("run", "Run"),
    PRINCIPAL("principal", "Principal"),
    GLOSSARY_TERM("term", "GlossaryTerm"),
    DOMAIN("domain", "Domain");

    private final String urnName;
    private final String label;

    EntityType(String urnName, String label) {
        this.urnName = urnName;
        this.label = label;
    }

    public String urnName() {
        return urnName;
    }

    /** The Neo4j label that nodes of this type carry beside {@code :Entity}. */
    public String label() {
        return label;
    }

    public static EntityType fromUrnName(String name) {
        return Arrays.stream(values())
                .filter(type -> type.urnName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new InvalidUrnException("unknown entity type '" + name + "' (expected one of "
                        + Arrays.stream(values()).map(EntityType::urnName).toList() + ")"));
    }
}
