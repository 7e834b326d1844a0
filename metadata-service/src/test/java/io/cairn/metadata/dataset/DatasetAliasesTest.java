package io.cairn.metadata.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.metadata.MetadataFixture;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.urn.Urn;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.SessionConfig;

class DatasetAliasesTest {

    static final Actor WRITER = Actor.client("pipeline", Role.WRITER);

    @TempDir
    static Path dir;
    static MetadataFixture fixture;
    final DatasetAliases aliases = new DatasetAliases();

    @BeforeAll
    static void start() {
        fixture = MetadataFixture.start(dir);
        new SchemaMigrator(fixture.driver(), SessionConfig.defaultConfig()).migrate(
                new java.util.ArrayList<>(io.cairn.metadata.schema.CoreMigrations.all()) {{ addAll(DatasetMigrations.all()); }});
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void namesNormalise() {
        assertThat(DatasetName.location("file:///tmp/x/").key()).isEqualTo("file:/tmp/x");
        assertThat(DatasetName.location("/tmp//x").key()).isEqualTo("file:/tmp/x");
        assertThat(DatasetName.location("S3://Bucket/p/q/").key()).isEqualTo("s3://bucket/p/q");
        assertThat(DatasetName.fromOpenLineage("file", "/tmp/x")).contains(DatasetName.location("file:/tmp/x"));
        assertThat(DatasetName.fromOpenLineage("s3://bucket", "/p/q")).contains(DatasetName.location("s3://bucket/p/q"));
        assertThat(DatasetName.fromOpenLineage("s3://bucket", "p/q")).contains(DatasetName.location("s3://bucket/p/q"));
        assertThat(DatasetName.fromOpenLineage("hdfs://nn:8020", "/w/t")).contains(DatasetName.location("hdfs://nn:8020/w/t"));
        assertThat(DatasetName.fromOpenLineage("hive://Meta:9083", "DB.T")).contains(DatasetName.hive("hive://meta:9083", "db.t"));
        assertThat(DatasetName.fromOpenLineage("postgres://db:5432", "shop.orders")).hasSize(1);
        assertThat(DatasetName.catalogTable("default", List.of("a", "b"), "t").key()).isEqualTo("iceberg:default.a.b.t");
    }

    @Test
    void sameNamesResolveToOneDatasetAndNewNamesAttach() {
        Urn first = fixture.store().write(WRITER, unit -> aliases.resolveOrCreate(unit,
                DatasetName.fromOpenLineage("file", "/data/orders")).urn());
        Urn again = fixture.store().write(WRITER, unit -> aliases.resolveOrCreate(unit,
                List.of(DatasetName.location("file:///data/orders/"), DatasetName.catalogTable("wh", List.of("shop"), "orders"))).urn());
        assertThat(again).isEqualTo(first);
        assertThat(aliasNames(first)).contains("iceberg:wh.shop.orders", "file:/data/orders", "openlineage:file|/data/orders");
    }

    @Test
    void lineageFirstThenCatalogTableMergesOntoTheOlderDataset() {
        // Lineage saw the table under its Hive name with a column edge; the catalog registered it under its own name
        // and location; a later event names both (symlink), so the two datasets are one from then on.
        Urn lineage = fixture.store().write(WRITER, unit -> {
            Urn urn = aliases.resolveOrCreate(unit, DatasetName.fromOpenLineage("hive://m:9083", "shop.totals")).urn();
            Urn upstream = aliases.resolveOrCreate(unit, DatasetName.fromOpenLineage("hive://m:9083", "shop.orders")).urn();
            unit.tx().run("""
                    MATCH (d:Entity {urn: $d}), (u:Entity {urn: $u})
                    CREATE (d)-[:HAS_COLUMN]->(c:Entity:Column {urn: $c, fieldPath: 'total'})
                    CREATE (u)-[:HAS_COLUMN]->(s:Entity:Column {urn: $s, fieldPath: 'amount'})
                    CREATE (s)-[:FEEDS {key: 'k', type: 'DIRECT', subtype: 'AGGREGATION'}]->(c)
                    """, Map.of("d", urn.toString(), "u", upstream.toString(), "c", Urn.column(urn.uuid(), "total").toString(),
                    "s", Urn.column(upstream.uuid(), "amount").toString())).consume();
            return urn;
        });
        Urn catalog = fixture.store().write(WRITER, unit -> aliases.resolveOrCreate(unit,
                List.of(DatasetName.catalogTable("wh", List.of("shop"), "totals"), DatasetName.location("s3://lake/shop/totals"))).urn());
        assertThat(catalog).isNotEqualTo(lineage);

        ResolvedDataset merged = fixture.store().write(WRITER, unit -> aliases.resolveOrCreate(unit,
                List.of(DatasetName.location("s3://lake/shop/totals/"), DatasetName.hive("hive://m:9083", "shop.totals"))));
        assertThat(merged.urn()).isEqualTo(lineage);
        assertThat(merged.mergedAway()).containsExactly(catalog);
        assertThat(aliasNames(lineage)).contains("iceberg:wh.shop.totals", "s3://lake/shop/totals", "hive://m:9083/shop.totals");
        Urn followed = fixture.store().read(tx -> aliases.follow(tx, catalog));
        assertThat(followed).isEqualTo(lineage);
        java.util.Optional<Urn> byCatalogName = fixture.store().read(tx -> aliases.resolve(tx, DatasetName.catalogTable("wh", List.of("shop"), "totals")));
        assertThat(byCatalogName).contains(lineage);
        List<String> fed = fixture.store().read(tx -> tx.run("""
                MATCH (:Column)-[f:FEEDS]->(c:Column)<-[:HAS_COLUMN]-(d:Dataset {urn: $d}) RETURN c.fieldPath AS f
                """, Map.of("d", lineage.toString())).list(r -> r.get("f").asString()));
        assertThat(fed).containsExactly("total");
    }

    private static List<String> aliasNames(Urn dataset) {
        return fixture.store().read(tx -> tx.run("MATCH (a:DatasetAlias)-[:ALIAS_OF]->(:Entity {urn: $u}) RETURN a.name AS n",
                Map.of("u", dataset.toString())).list(r -> r.get("n").asString()));
    }
}
