package io.cairn.catalog.store;

import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.util.HashMap;
import java.util.Map;
import org.neo4j.driver.Record;

/**
 * Writes versioned aspects inside a catalog unit of work, in the same shape as the metadata service's
 * {@code EntityStore} (so the entity API and the audit log read them), but only when the value changed: the history
 * of an aspect is then the history of real changes (schema versions, partition specs, snapshots).
 */
final class Aspects {

    private Aspects() {
    }

    /** Returns the new version, or 0 when the value was already current. The entity node must exist. */
    static long put(WriteTransaction unit, Urn urn, String aspect, String json) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", urn.toString());
        parameters.put("name", aspect);
        Record current = unit.tx().run("""
                OPTIONAL MATCH (a:Aspect {urn: $urn, name: $name, latest: true})
                RETURN a.version AS version, a.value AS value
                """, parameters).single();
        long currentVersion = current.get("version").isNull() ? 0 : current.get("version").asLong();
        String before = current.get("value").isNull() ? null : current.get("value").asString();
        if (json.equals(before)) {
            return 0;
        }
        long version = currentVersion + 1;
        parameters.put("version", version);
        parameters.put("value", json);
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("principal", unit.actor().principal().toString());
        unit.tx().run("""
                MATCH (e:Entity {urn: $urn})
                OPTIONAL MATCH (old:Aspect {urn: $urn, name: $name, latest: true})
                SET old.latest = false
                WITH DISTINCT e
                CREATE (e)-[:HAS_ASPECT]->(:Aspect {urn: $urn, name: $name, version: $version, value: $value,
                                                   createdAt: $now, createdBy: $principal, latest: true})
                """, parameters).consume();
        unit.recordChange(new ChangeDraft(urn, aspect, version, ChangeType.UPSERT, before, json));
        return version;
    }

    /** Touches (or creates) an entity node; touching takes its write lock until commit. */
    static void touchEntity(WriteTransaction unit, Urn urn, Map<String, Object> properties) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", urn.toString());
        parameters.put("type", urn.type().urnName());
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("principal", unit.actor().principal().toString());
        parameters.put("props", properties);
        // The label comes from a closed enum, never from input.
        unit.tx().run("MERGE (e:Entity {urn: $urn}) ON CREATE SET e:" + urn.type().label() + """
                , e.type = $type, e.createdAt = $now, e.createdBy = $principal
                SET e.updatedAt = $now, e += $props
                """, parameters).consume();
    }
}
