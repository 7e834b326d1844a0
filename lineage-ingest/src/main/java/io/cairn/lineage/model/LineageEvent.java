package io.cairn.lineage.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One OpenLineage event, as Cairn understands it: a run event (with run and job), a job event (static lineage) or a
 * dataset event (dataset facets only). Protocol details stay in the parser; the graph code sees only this.
 *
 * @param rawJson the event as received, kept verbatim
 */
public record LineageEvent(
        Kind kind,
        RunState state,
        Instant eventTime,
        String producer,
        String schemaUrl,
        RunInfo run,
        JobInfo job,
        List<DatasetInfo> inputs,
        List<DatasetInfo> outputs,
        String rawJson) {

    public enum Kind { RUN, JOB, DATASET }

    public LineageEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventTime, "eventTime");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
