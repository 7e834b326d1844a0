package io.cairn.metadata.schema;

import java.util.List;
import java.util.Objects;

/**
 * The migrations one module contributes. The server collects every module's set and applies them together in
 * version order, so modules pick disjoint version ranges (core 1–9, catalog 20–39, lineage 40–59, search 60–79).
 */
public record MigrationSet(String module, List<Migration> migrations) {

    public MigrationSet {
        Objects.requireNonNull(module, "module");
        migrations = List.copyOf(migrations);
    }
}
