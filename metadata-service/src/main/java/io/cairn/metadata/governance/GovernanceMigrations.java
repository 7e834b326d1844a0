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
                        "CREATE INDEX quality_run_dataset_at IF NOT EXISTS FOR (q:QualityRunRecord) ON (q.dataset, q.at)")));
    }
}
