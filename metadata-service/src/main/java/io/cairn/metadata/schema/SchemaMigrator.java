package io.cairn.metadata.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the Neo4j schema to the newest version at start; applied versions are recorded as {@code :SchemaMigration}. */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final Driver driver;
    private final SessionConfig sessionConfig;

    public SchemaMigrator(Driver driver, SessionConfig sessionConfig) {
        this.driver = driver;
        this.sessionConfig = sessionConfig;
    }

    /** Applies the migrations not yet recorded, in version order; returns how many ran. */
    public int migrate(List<Migration> migrations) {
        requireUniqueVersions(migrations);
        Set<Integer> applied = appliedVersions();
        int ran = 0;
        for (Migration migration : migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList()) {
            if (applied.contains(migration.version())) {
                continue;
            }
            LOG.info("Applying Neo4j schema migration {}: {}", migration.version(), migration.description());
            try (var session = driver.session(sessionConfig)) {
                for (String statement : migration.statements()) {
                    session.run(statement).consume();
                }
                session.executeWrite(tx -> tx.run(
                        "MERGE (m:SchemaMigration {version: $version}) ON CREATE SET m.description = $description, m.appliedAt = timestamp()",
                        Map.of("version", migration.version(), "description", migration.description())).consume());
            }
            ran++;
        }
        if (ran > 0) {
            // Some statements name an index in a hint, and a hint on an index still being populated is an error.
            try (var session = driver.session(sessionConfig)) {
                session.run("CALL db.awaitIndexes(600)").consume();
            }
        }
        return ran;
    }

    public Set<Integer> appliedVersions() {
        try (var session = driver.session(sessionConfig)) {
            return session.executeRead(tx -> tx.run("MATCH (m:SchemaMigration) RETURN m.version AS version")
                    .list(record -> record.get("version").asInt()))
                    .stream().collect(Collectors.toUnmodifiableSet());
        }
    }

    private static void requireUniqueVersions(List<Migration> migrations) {
        long distinct = migrations.stream().map(Migration::version).distinct().count();
        if (distinct != migrations.size()) {
            throw new IllegalArgumentException("two migrations share a version");
        }
    }
}
