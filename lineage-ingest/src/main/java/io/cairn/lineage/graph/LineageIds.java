package io.cairn.lineage.graph;

import io.cairn.metadata.urn.Urn;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Job URNs are derived from the OpenLineage job namespace + name (a name-based UUID), so every ingest node computes
 * the same URN without a lookup and replays can never create a second node for one job.
 */
public final class LineageIds {

    private LineageIds() {
    }

    public static Urn job(String namespace, String name) {
        return Urn.job(UUID.nameUUIDFromBytes(("openlineage-job\n" + namespace + "\n" + name).getBytes(StandardCharsets.UTF_8)));
    }
}
