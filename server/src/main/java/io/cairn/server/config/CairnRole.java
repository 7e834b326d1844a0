package io.cairn.server.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of Cairn one process can run (ARCHITECTURE.md, decision 5). One artifact; {@code CAIRN_ROLES} picks.
 */
public enum CairnRole {
    /** Iceberg REST, Hive Metastore Thrift and Glue catalog endpoints. */
    CATALOG,
    /** OpenLineage over HTTP and the Kafka consumer. */
    INGEST,
    /** The change-log consumer that keeps Elasticsearch in step. */
    INDEXER,
    /** The REST and GraphQL APIs for people and tools. */
    API,
    /** The web UI's static files. */
    UI;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<CairnRole> parse(Collection<String> names) {
        Set<CairnRole> roles = EnumSet.noneOf(CairnRole.class);
        for (String raw : names) {
            for (String name : raw.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.equals("all")) {
                    return EnumSet.allOf(CairnRole.class);
                }
                roles.add(Arrays.stream(values()).filter(role -> role.wireName().equals(trimmed)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown role '" + trimmed
                                + "' in CAIRN_ROLES (expected any of catalog, ingest, indexer, api, ui, or all)")));
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("CAIRN_ROLES names no role");
        }
        return roles;
    }
}
