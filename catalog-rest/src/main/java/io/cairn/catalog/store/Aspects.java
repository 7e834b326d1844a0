package io.cairn.catalog.store;

import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.util.HashMap;
import java.util.Map;

/**
 * Versioned aspects and entity nodes inside a catalog unit of work, through the metadata service's
 * {@code EntityStore}, writing an aspect only when its value changed: its history is then the history of real
 * changes (schema versions, partition specs, snapshots).
 */
final class Aspects {

    private Aspects() {
    }

    /** Writes a new version only when the value changed. */
    static void put(WriteTransaction unit, Urn urn, String aspect, String json) {
        EntityStore.writeVersionIfChanged(unit, urn, aspect, json);
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
