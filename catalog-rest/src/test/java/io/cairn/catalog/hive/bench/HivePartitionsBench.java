package io.cairn.catalog.hive.bench;

import io.cairn.catalog.CatalogMigrations;
import io.cairn.catalog.Catalogs;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.Warehouses;
import io.cairn.catalog.hive.HiveColumn;
import io.cairn.catalog.hive.HiveDatabase;
import io.cairn.catalog.hive.HiveMetastore;
import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hive.HiveMigrations;
import io.cairn.catalog.hive.HivePartition;
import io.cairn.catalog.hive.Page;
import io.cairn.catalog.hive.PartitionDefinition;
import io.cairn.catalog.hive.PartitionFilter;
import io.cairn.catalog.hive.StorageDescriptor;
import io.cairn.catalog.hive.TableDefinition;
import io.cairn.catalog.hive.TableType;
import io.cairn.catalog.store.CatalogGraph;
import io.cairn.embedded.neo4j.EmbeddedNeo4j;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeLog;
import io.cairn.metadata.changelog.ChangeSignal;
import io.cairn.metadata.dataset.DatasetMigrations;
import io.cairn.metadata.schema.CoreMigrations;
import io.cairn.metadata.schema.Migration;
import io.cairn.metadata.schema.SchemaMigrator;
import io.cairn.metadata.store.GraphStore;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

/**
 * Plain-table partitions on a real embedded Neo4j: adding them in batches, listing them whole and with a filter,
 * and table lookups. Prints numbers; run with
 * {@code mvn -pl catalog-rest -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.cairn.catalog.hive.bench.HivePartitionsBench [-Dpartitions=20000]}.
 */
public final class HivePartitionsBench {

    public static void main(String[] args) throws Exception {
        int total = Integer.getInteger("partitions", 20_000);
        Path dir = Files.createTempDirectory("cairn-hive-bench-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), "127.0.0.1", port);
             Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            List<Migration> migrations = new ArrayList<>(CoreMigrations.all());
            migrations.addAll(DatasetMigrations.all());
            migrations.addAll(CatalogMigrations.all());
            migrations.addAll(HiveMigrations.all());
            new SchemaMigrator(driver, SessionConfig.defaultConfig()).migrate(migrations);
            GraphStore store = new GraphStore(driver, null, new ChangeLog(), new ChangeSignal(), Clock.systemUTC());
            Warehouse warehouse = new Warehouse("bench", "file:" + dir.resolve("warehouse"), Map.of());
            try (Catalogs catalogs = new Catalogs(new Warehouses(warehouse, List.of()), new CatalogGraph(store))) {
                HiveMetastore hive = new HiveMetastores(catalogs, "localhost:9083").open(Actor.client("bench", Role.WRITER));
                hive.createDatabase(new HiveDatabase("bench", null, null, Map.of()));
                hive.createTable("bench", "events", new TableDefinition(TableType.EXTERNAL_TABLE, null, null,
                        StorageDescriptor.of(List.of(HiveColumn.of("id", "bigint", null)), "file:/tmp/bench/events"),
                        List.of(HiveColumn.of("day", "string", null), HiveColumn.of("hour", "int", null)), Map.of(), null, null, 0, 0));

                long start = System.nanoTime();
                List<PartitionDefinition> batch = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    batch.add(new PartitionDefinition(List.of(String.format("day-%05d", i / 24), String.valueOf(i % 24)), null, Map.of(), 0));
                    if (batch.size() == 1000) {
                        hive.addPartitions("bench", "events", batch, true);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    hive.addPartitions("bench", "events", batch, true);
                }
                report("add partitions (batches of 1000)", total, System.nanoTime() - start);

                for (int round = 0; round < 3; round++) {
                    start = System.nanoTime();
                    int listed = listAll(hive, PartitionFilter.parse(null));
                    report("list all partitions, pages of 1000 (round " + round + ")", listed, System.nanoTime() - start);
                    start = System.nanoTime();
                    int matched = listAll(hive, PartitionFilter.parse("day LIKE 'day-001%' AND hour BETWEEN 9 AND 17"));
                    report("filtered listing, " + matched + " of " + total + " match (round " + round + ")", total,
                            System.nanoTime() - start);
                }
                start = System.nanoTime();
                int lookups = 2_000;
                for (int i = 0; i < lookups; i++) {
                    hive.table("bench", "events");
                }
                report("get table", lookups, System.nanoTime() - start);
                start = System.nanoTime();
                for (int i = 0; i < lookups; i++) {
                    hive.partition("bench", "events", List.of(String.format("day-%05d", i % (total / 24)), String.valueOf(i % 24)));
                }
                report("get partition by values", lookups, System.nanoTime() - start);
            } finally {
                store.close();
            }
        }
    }

    private static int listAll(HiveMetastore hive, PartitionFilter filter) {
        int count = 0;
        String token = null;
        do {
            Page<HivePartition> page = hive.partitions("bench", "events", filter, token, 1000);
            count += page.items().size();
            token = page.nextToken();
        } while (token != null);
        return count;
    }

    private static void report(String what, int operations, long nanos) {
        double millis = nanos / 1e6;
        System.out.printf("%-70s %8d ops %10.1f ms %12.1f ops/s%n", what, operations, millis, operations / (millis / 1000));
    }
}
