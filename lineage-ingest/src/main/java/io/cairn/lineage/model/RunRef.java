package io.cairn.lineage.model;

import java.util.UUID;

/** A run named by another event (parent or root): its id and its job. */
public record RunRef(UUID runId, String jobNamespace, String jobName) {
}
