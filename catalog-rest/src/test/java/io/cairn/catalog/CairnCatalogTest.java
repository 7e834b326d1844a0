package io.cairn.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog directly over a real Neo4j: compare-and-swap commits, the data set node, change events, roles. */
class CairnCatalogTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get(), "key"),
            Types.NestedField.optional(2, "name", Types.StringType.get()));

    @TempDir
    static Path dir;
    static CatalogFixture fixture;
    final Actor writer = Actor.client("etl", Role.WRITER);

    @BeforeAll
    static void start() {
        fixture = new CatalogFixture(dir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aStaleCommitLosesTheRaceAndNothingIsLost() {
        CairnCatalog catalog = fixture.catalog(writer);
        catalog.createNamespace(Namespace.of("race"), Map.of());
        TableIdentifier id = TableIdentifier.of("race", "t");
        catalog.createTable(id, SCHEMA);
        TableOperations first = ((HasTableOperations) catalog.loadTable(id)).operations();
        TableOperations second = ((HasTableOperations) catalog.loadTable(id)).operations();
        TableMetadata base = first.current();
        first.commit(base, TableMetadata.buildFrom(base).setProperties(Map.of("by", "first")).build());
        TableMetadata staleBase = second.current();
        assertThatThrownBy(() -> second.commit(staleBase, TableMetadata.buildFrom(staleBase).setProperties(Map.of("by", "second")).build()))
                .isInstanceOf(CommitFailedException.class);
        assertThat(catalog.loadTable(id).properties()).containsEntry("by", "first");
        // The loser's metadata file was removed: only the create and the first commit remain.
        Path metadataDir = Path.of(java.net.URI.create(catalog.loadTable(id).location().replace("file:", "file://") + "/metadata"));
        assertThat(metadataDir.toFile().list((d, name) -> name.endsWith(".metadata.json"))).hasSize(2);
    }

    @Test
    void theDataSetNodeFollowsTheTable() {
        CairnCatalog catalog = fixture.catalog(writer);
        catalog.createNamespace(Namespace.of("ds"), Map.of());
        TableIdentifier id = TableIdentifier.of("ds", "orders");
        Table table = catalog.buildTable(id, SCHEMA).withPartitionSpec(PartitionSpec.builderFor(SCHEMA).identity("id").build()).create();
        table.newFastAppend().appendFile(DataFiles.builder(table.spec()).withPath("/tmp/x.parquet").withFileSizeInBytes(1)
                .withRecordCount(1).withPartitionPath("id=1").build()).commit();
        table.updateSchema().deleteColumn("name").commit();

        CatalogEntry entry = fixture.graph().entry("test", List.of("ds"), "orders").orElseThrow();
        Map<String, Object> node = fixture.store().read(tx -> tx.run("MATCH (d:Entity:Dataset {urn: $urn}) RETURN d",
                Map.of("urn", entry.dataset().toString())).single().get("d").asMap());
        assertThat(node).containsEntry("catalogName", "iceberg:test.ds.orders").containsEntry("icebergUuid", table.uuid().toString());
        List<Map<String, Object>> columns = fixture.store().read(tx -> tx.run("""
                MATCH (:Entity {urn: $urn})-[:HAS_COLUMN]->(c:Column) RETURN c ORDER BY c.fieldId
                """, Map.of("urn", entry.dataset().toString())).list(record -> record.get("c").asMap()));
        assertThat(columns).hasSize(2);
        assertThat(columns.get(0)).containsEntry("fieldPath", "id").containsEntry("dataType", "long").containsEntry("doc", "key")
                .containsEntry("removed", false);
        assertThat(columns.get(1)).containsEntry("fieldPath", "name").containsEntry("removed", true);
        long events = fixture.store().read(tx -> tx.run("MATCH (c:ChangeEvent {urn: $urn}) RETURN count(c) AS n",
                Map.of("urn", entry.dataset().toString())).single().get("n").asLong());
        assertThat(events).isGreaterThanOrEqualTo(7);
        long schemaVersions = fixture.store().read(tx -> tx.run("MATCH (a:Aspect {urn: $urn, name: 'schema'}) RETURN count(a) AS n",
                Map.of("urn", entry.dataset().toString())).single().get("n").asLong());
        assertThat(schemaVersions).isEqualTo(2);

        assertThat(catalog.dropTable(id, false)).isTrue();
        Map<String, Object> dropped = fixture.store().read(tx -> tx.run("MATCH (d:Entity:Dataset {urn: $urn}) RETURN d",
                Map.of("urn", entry.dataset().toString())).single().get("d").asMap());
        assertThat(dropped).containsEntry("removed", true);
    }

    @Test
    void readersCannotWriteAndNamespacesMustExist() {
        CairnCatalog reader = fixture.catalog(Actor.client("viewer", Role.READER));
        assertThatThrownBy(() -> reader.createNamespace(Namespace.of("nope"), Map.of())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fixture.catalog(writer).createTable(TableIdentifier.of("missing", "t"), SCHEMA))
                .isInstanceOf(NoSuchNamespaceException.class);
        assertThat(reader.namespaceExists(Namespace.of("nope"))).isFalse();
    }

    @Test
    void aLaterChangeSweepsExpiredIdempotencyKeysAndKeepsLiveOnes() {
        // Kept an hour ago with a minute's lifetime: expired now.
        IdempotencyStore earlier = new IdempotencyStore(fixture.store(), Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)),
                Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            earlier.remember("expired-" + i, new IdempotencyStore.Result("request-" + i, 204, null));
        }
        IdempotencyStore now = new IdempotencyStore(fixture.store(), Clock.systemUTC(), Duration.ofMinutes(1));
        assertThat(keysStartingWith("expired-")).as("an expired key stays until a sweep").isEqualTo(3);
        assertThat(now.find("expired-0")).as("but is never answered from").isEmpty();

        fixture.store().write(writer, unit -> {
            now.claim(unit, "live", "claimant", "request", null);
            return null;
        });

        assertThat(keysStartingWith("expired-")).isZero();
        assertThat(now.find("live")).hasValueSatisfying(record -> assertThat(record.pending()).isTrue());
    }

    private long keysStartingWith(String prefix) {
        return fixture.store().read(tx -> tx.run("MATCH (k:IdempotencyRecord) WHERE k.key STARTS WITH $prefix RETURN count(k) AS n",
                Map.of("prefix", prefix)).single().get("n").asLong());
    }
}
