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
                "CREATE INDEX domain_name IF NOT EXISTS FOR (d:Domain) ON (d.name)")));
    }
}
