package io.cairn.search;

import io.cairn.metadata.urn.EntityType;
import java.util.Arrays;
import java.util.Optional;

/** The search indexes, one per kind of searchable entity; each is served through an alias so it can be rebuilt. */
public enum SearchIndex {
    DATASETS("datasets", EntityType.DATASET, "DATASET"),
    JOBS("jobs", EntityType.JOB, "JOB"),
    TERMS("terms", EntityType.GLOSSARY_TERM, "GLOSSARY_TERM"),
    DOMAINS("domains", EntityType.DOMAIN, "DOMAIN"),
    PRINCIPALS("principals", EntityType.PRINCIPAL, "PRINCIPAL");

    private final String name;
    private final EntityType entityType;
    private final String resultType;

    SearchIndex(String name, EntityType entityType, String resultType) {
        this.name = name;
        this.entityType = entityType;
        this.resultType = resultType;
    }

    public String shortName() {
        return name;
    }

    public EntityType entityType() {
        return entityType;
    }

    /** The {@code type} of a search result (Marquez says DATASET and JOB). */
    public String resultType() {
        return resultType;
    }

    public static Optional<SearchIndex> of(EntityType type) {
        return Arrays.stream(values()).filter(index -> index.entityType == type).findFirst();
    }

    /** Accepts {@code dataset}, {@code DATASET}, {@code datasets}, {@code glossary_term}, {@code term}... */
    public static Optional<SearchIndex> parse(String text) {
        String wanted = text.trim().toUpperCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(index -> index.resultType.equals(wanted) || index.name().equals(wanted)
                || index.entityType.urnName().equalsIgnoreCase(wanted) || index.entityType.name().equals(wanted)).findFirst();
    }
}
