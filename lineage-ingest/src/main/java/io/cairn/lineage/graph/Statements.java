package io.cairn.lineage.graph;

import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.summary.ProfiledPlan;

/**
 * Runs the writer's statements in its transaction. With profiling on ({@code -Dcairn.lineage.profile=true}, for the
 * benchmark) every statement runs under Cypher {@code PROFILE} and prints its rows and database hits, and the
 * operators that cost most, so a slow step can be traced to its plan.
 */
final class Statements {

    /**
     * Every statement here finds its rows through unique keys (URN, alias name, facet owner and key), so its plan
     * does not depend on how many nodes there are. Ingest grows the graph quickly, and without this Neo4j plans such
     * statements again each time its statistics drift (measured: 12-40% of the database thread's samples in the ingest
     * benchmark's first minutes were planning); {@code replan=skip} keeps the cached plan.
     */
    private static final String REUSE_PLAN = "CYPHER replan=skip ";

    /** Times each statement as it normally runs (cached plan, no PROFILE), for the benchmark. */
    static final boolean TIMING = Boolean.getBoolean("cairn.lineage.timing");

    private final TransactionContext tx;
    private final boolean profile;

    Statements(TransactionContext tx, boolean profile) {
        this.tx = tx;
        this.profile = profile;
    }

    List<Record> run(String name, String cypher, Map<String, Object> parameters) {
        if (!profile) {
            if (!TIMING) {
                return tx.run(REUSE_PLAN + cypher, parameters).list();
            }
            long start = System.nanoTime();
            List<Record> records = tx.run(REUSE_PLAN + cypher, parameters).list();
            System.out.printf("    %-22s %7.1f ms rows=%d%n", name, (System.nanoTime() - start) / 1e6, records.size());
            return records;
        }
        long start = System.nanoTime();
        Result result = tx.run("PROFILE " + cypher, parameters);
        List<Record> records = result.list();
        ProfiledPlan plan = result.consume().profile();
        if (plan == null) {
            // A statement run in process has no driver plan to show: profile over Bolt (-Dbench.bolt=true).
            System.out.printf("    %-22s %7.1f ms rows=%-6d (no profile in process)%n", name, (System.nanoTime() - start) / 1e6, records.size());
            return records;
        }
        StringBuilder costly = new StringBuilder();
        operators(plan, costly);
        System.out.printf("    %-22s %7.1f ms rows=%-6d dbHits=%-8d %s%n", name, (System.nanoTime() - start) / 1e6,
                records.size(), hits(plan), costly);
        if (hits(plan) > 10_000_000) {
            printPlan(plan, "      ");
        }
        return records;
    }

    /** A statement this costly is usually a plan gone wrong (a scan where a seek was meant): the whole plan shows which. */
    private static void printPlan(ProfiledPlan plan, String indent) {
        System.out.println(indent + plan.operatorType() + " " + plan.identifiers() + " " + plan.arguments().get("Details")
                + " dbHits=" + plan.dbHits() + " rows=" + plan.records());
        plan.children().forEach(child -> printPlan(child, indent + "  "));
    }

    private static long hits(ProfiledPlan plan) {
        long total = plan.dbHits();
        for (ProfiledPlan child : plan.children()) {
            total += hits(child);
        }
        return total;
    }

    private static void operators(ProfiledPlan plan, StringBuilder out) {
        if (plan.dbHits() > 0) {
            out.append(plan.operatorType().replace("@neo4j", "")).append('=').append(plan.dbHits()).append(' ');
        }
        plan.children().forEach(child -> operators(child, out));
    }
}
