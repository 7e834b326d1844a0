package io.cairn.metadata.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.schema.Migration;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.urn.Urn;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.SessionConfig;

/** Assignments stored before they were mirrored as edges get their edges from migration 62. */
class GovernanceMigrationsTest {

    private static final Actor WRITER = Actor.client("writer-1", Role.WRITER);

    @TempDir
    Path dataDir;

    @Test
    void theBackfillLinksTheLatestAssignmentsOnly() {
        try (MetadataFixture fixture = MetadataFixture.start(dataDir)) {
            SchemaMigrator migrator = new SchemaMigrator(fixture.driver(), SessionConfig.defaultConfig());
            List<Migration> beforeEdges = GovernanceMigrations.all().stream().filter(m -> m.version() < 62).toList();
            migrator.migrate(beforeEdges);

            String gold = "urn:cairn:term:gold";
            String silver = "urn:cairn:term:silver";
            String retail = "urn:cairn:domain:retail";
            String dataset = "urn:cairn:dataset:" + UUID.randomUUID();
            String column = "urn:cairn:column:" + dataset.substring(dataset.lastIndexOf(':') + 1) + ":amount";
            String undomained = "urn:cairn:dataset:" + UUID.randomUUID();
            // What the governance API wrote before it mirrored assignments as edges: aspects only.
            write(fixture, gold, "glossaryTermInfo", "{\"name\":\"Gold\"}");
            write(fixture, silver, "glossaryTermInfo", "{\"name\":\"Silver\"}");
            write(fixture, retail, "domainInfo", "{\"name\":\"Retail\"}");
            write(fixture, dataset, "glossaryTerms", "{\"terms\":[\"" + gold + "\",\"" + silver + "\"]}");
            write(fixture, dataset, "glossaryTerms", "{\"terms\":[\"" + gold + "\"]}");
            write(fixture, dataset, "domain", "{\"domain\":\"" + retail + "\"}");
            write(fixture, column, "glossaryTerms", "{\"terms\":[\"" + silver + "\",\"urn:cairn:term:never-created\"]}");
            write(fixture, undomained, "domain", "{\"domain\":null}");
            assertThat(edges(fixture)).isEmpty();

            assertThat(migrator.migrate(GovernanceMigrations.all())).isEqualTo(1);

            assertThat(edges(fixture)).containsExactlyInAnyOrder(
                    dataset + " HAS_TERM " + gold,
                    dataset + " IN_DOMAIN " + retail,
                    column + " HAS_TERM " + silver);
        }
    }

    private static void write(MetadataFixture fixture, String urn, String aspect, String json) {
        fixture.store().write(WRITER, unit -> EntityStore.writeVersion(unit, Urn.parse(urn), aspect, json, OptionalLong.empty()));
    }

    private static List<String> edges(MetadataFixture fixture) {
        try (var session = fixture.driver().session()) {
            return session.run("MATCH (e:Entity)-[r:HAS_TERM|IN_DOMAIN]->(t:Entity) RETURN e.urn + ' ' + type(r) + ' ' + t.urn AS edge",
                    Map.of()).list(record -> record.get("edge").asString());
        }
    }
}
