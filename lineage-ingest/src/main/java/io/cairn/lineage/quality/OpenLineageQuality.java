package io.cairn.lineage.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.lineage.model.DatasetInfo;
import io.cairn.lineage.model.LineageEvent;
import io.cairn.lineage.model.RunState;
import io.cairn.metadata.governance.ObservedQuality;
import io.cairn.metadata.governance.QualityLedger;
import io.cairn.metadata.governance.SuccessfulWrite;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.util.ArrayList;
import java.util.List;

/**
 * Data quality and freshness from OpenLineage run events: quality facets on any dataset of a run become that run's
 * results (keyed by run + assertion, so replays change nothing); a COMPLETE run's outputs are successful writes. A
 * batch with neither costs nothing beyond one pass over its events.
 */
public final class OpenLineageQuality implements QualityHook {

    private final QualityFacets facets;
    private final QualityLedger ledger;

    public OpenLineageQuality(ObjectMapper mapper, QualityLedger ledger) {
        this.facets = new QualityFacets(mapper);
        this.ledger = ledger;
    }

    @Override
    public void afterLineage(WriteTransaction unit, List<LineageEvent> events, DatasetLookup datasets) {
        List<ObservedQuality> observed = new ArrayList<>();
        List<SuccessfulWrite> writes = new ArrayList<>();
        for (LineageEvent event : events) {
            if (event.kind() != LineageEvent.Kind.RUN || event.run() == null || event.run().runId() == null) {
                continue;
            }
            String runId = event.run().runId().toString();
            List<DatasetInfo> all = new ArrayList<>(event.inputs());
            all.addAll(event.outputs());
            for (DatasetInfo dataset : all) {
                if (!QualityFacets.mayCarryQuality(dataset)) {
                    continue;
                }
                Urn urn = datasets.urn(dataset.namespace(), dataset.name());
                QualityFacets.Observed seen = facets.read(dataset);
                if (urn != null && !(seen.results().isEmpty() && seen.metrics().isEmpty())) {
                    observed.add(new ObservedQuality(urn, runId, event.eventTime(), seen.results(), seen.metrics()));
                }
            }
            if (event.state() == RunState.COMPLETE) {
                for (DatasetInfo output : event.outputs()) {
                    Urn urn = datasets.urn(output.namespace(), output.name());
                    if (urn != null) {
                        writes.add(new SuccessfulWrite(urn, runId, event.eventTime()));
                    }
                }
            }
        }
        if (!observed.isEmpty()) {
            ledger.record(unit, observed);
        }
        if (!writes.isEmpty()) {
            ledger.recordSuccessfulWrites(unit, writes);
        }
    }
}
