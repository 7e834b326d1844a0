package io.cairn.metadata.changelog;

import java.time.Instant;
import org.neo4j.driver.Value;

/** Reads {@code :ChangeEvent} nodes. */
final class ChangeEvents {

    private ChangeEvents() {
    }

    static ChangeEvent fromNode(Value node) {
        return new ChangeEvent(
                node.get("seq").asLong(),
                node.get("urn").asString(),
                node.get("entityType").asString(),
                node.get("aspect").asString(),
                node.get("version").asLong(),
                ChangeType.valueOf(node.get("changeType").asString()),
                node.get("principal").asString(),
                Instant.ofEpochMilli(node.get("at").asLong()),
                node.get("before").isNull() ? null : node.get("before").asString(),
                node.get("after").isNull() ? null : node.get("after").asString());
    }
}
