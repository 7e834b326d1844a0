package io.cairn.metadata.governance;

import io.cairn.metadata.urn.Urn;
import java.time.Instant;
import java.util.Objects;

/** A run that completed and wrote a dataset: the dataset's freshness is the newest of these. */
public record SuccessfulWrite(Urn dataset, String runId, Instant at) {

    public SuccessfulWrite {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
    }
}
