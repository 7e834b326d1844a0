package io.cairn.metadata.governance;

import io.cairn.metadata.schema.Migration;
import java.util.List;

/** Governance and search schema (versions 60–79). */
public final class GovernanceMigrations {

    private GovernanceMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration(60, "governance: term and domain lookups", List.of(
                "CREATE INDEX glossary_term_name IF NOT EXISTS FOR (t:GlossaryTerm) ON (t.name)",
                "CREATE INDEX domain_name IF NOT EXISTS FOR (d:Domain) ON (d.name)")),
                new Migration(61, "governance: quality runs keyed by dataset and run", List.of(
                        "CREATE CONSTRAINT quality_run_key IF NOT EXISTS FOR (q:QualityRunRecord) REQUIRE q.key IS UNIQUE",
                        "CREATE INDEX quality_run_dataset_at IF NOT EXISTS FOR (q:QualityRunRecord) ON (q.dataset, q.at)")),
                // Assignments written before their aspects were mirrored as edges get them now; a rename of the term or
                // domain only reaches the documents it can find through these edges. The aspect JSON is read with
                // split() because Neo4j has no JSON function without APOC: every quoted string that is a URN of the
                // target kind is one assignment (URNs never contain a quote).
                new Migration(62, "governance: term and domain edges for assignments made before edges existed", List.of(
                        backfill("glossaryTerms", "urn:cairn:term:", "HAS_TERM"),
                        backfill("domain", "urn:cairn:domain:", "IN_DOMAIN"))));
    }

    private static String backfill(String aspect, String urnPrefix, String relationship) {
        return """
                MATCH (a:Aspect {name: '%s', latest: true})
                CALL (a) {
                  MATCH (e:Entity {urn: a.urn})
                  UNWIND [part IN split(a.value, '"') WHERE part STARTS WITH '%s'] AS target
                  MATCH (t:Entity {urn: target})
                  MERGE (e)-[:%s]->(t)
                } IN TRANSACTIONS OF 1000 ROWS
                """.formatted(aspect, urnPrefix, relationship);
    }
}
