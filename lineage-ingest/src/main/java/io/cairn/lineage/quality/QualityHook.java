package io.cairn.lineage.quality;

import io.cairn.lineage.model.LineageEvent;
import io.cairn.metadata.store.WriteTransaction;
import java.util.List;

/**
 * Called by the lineage writer at the end of each batch's unit of work, after the datasets and runs are written, so
 * that what the events say about data quality and freshness commits (or fails) with the lineage itself.
 */
@FunctionalInterface
public interface QualityHook {

    QualityHook NONE = (unit, events, datasets) -> { };

    void afterLineage(WriteTransaction unit, List<LineageEvent> events, DatasetLookup datasets);
}
