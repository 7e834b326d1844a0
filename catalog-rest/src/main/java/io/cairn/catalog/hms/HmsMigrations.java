package io.cairn.catalog.hms;

import io.cairn.metadata.schema.Migration;
import java.util.List;

/** The metastore's own schema: its locks (catalog versions are 20–39; the metastore takes 35). */
public final class HmsMigrations {

    private HmsMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration(35, "Hive Metastore locks", List.of(
                "CREATE INDEX hms_lock_id IF NOT EXISTS FOR (l:HmsLock) ON (l.id)",
                "CREATE INDEX hms_lock_table IF NOT EXISTS FOR (l:HmsLock) ON (l.warehouse, l.db)",
                "CREATE CONSTRAINT hms_lock_sequence IF NOT EXISTS FOR (s:HmsLockSequence) REQUIRE s.name IS UNIQUE")));
    }
}
