package io.cairn.lineage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/** The frame of the Neo4j floor benchmarks: a fresh embedded database per level, rounds, the median of the later ones. */
final class Neo4jFloor {

    /** One timed round; returns its rate. */
    interface Round {
        double run(GraphDatabaseService db, int round);
    }

    private Neo4jFloor() {
    }

    /** Runs {@code rounds} rounds (numbered from 1) on a database prepared by {@code setup} and prints the median rate. */
    static void measure(String level, String unit, int rounds, Consumer<GraphDatabaseService> setup, Round round) throws IOException {
        Path dir = Files.createTempDirectory("cairn-neo4j-floor");
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(dir).build();
        try {
            GraphDatabaseService db = service.database("neo4j");
            setup.accept(db);
            List<Double> rates = new ArrayList<>();
            for (int i = 1; i <= rounds; i++) {
                rates.add(round.run(db, i));
            }
            // the first rounds measure the JIT compiler as much as Neo4j
            List<Double> settled = rates.subList(rates.size() / 2, rates.size()).stream().sorted().toList();
            System.out.printf("%-8s %7.0f %s (median of %d rounds)%n", level, settled.get((settled.size() - 1) / 2), unit, settled.size());
        } finally {
            service.shutdown();
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
