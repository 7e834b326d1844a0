package io.cairn.metadata.dataset;

import io.cairn.metadata.urn.Urn;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link DatasetAliases#resolveOrCreate}: the dataset every given name now points at, whether it was
 * created by this call, and the datasets that were merged into it (now redirects).
 */
public record ResolvedDataset(Urn urn, boolean created, List<Urn> mergedAway) {

    public ResolvedDataset {
        Objects.requireNonNull(urn, "urn");
        mergedAway = List.copyOf(mergedAway);
    }
}
