package io.cairn.graphql.api;

import io.cairn.graphql.port.LineageSource;
import io.cairn.graphql.support.Connection;
import java.util.List;

/** What the root queries answer before their fields are resolved: URNs that the field resolvers load in batches. */
public final class ResultViews {

    private ResultViews() {
    }

    public record LineageGraphView(List<String> nodeUrns, List<LineageSource.Link> edges, boolean truncated, Connection.PageInfo pageInfo) {
    }

    public record ColumnLineageGraphView(List<String> nodeUrns, List<LineageSource.ColumnLink> edges, boolean truncated) {
    }

    public record ImpactView(LineageSource.ImpactSet set) {
        public boolean truncated() {
            return set.truncated();
        }
    }

    public record ImpactedOwnerView(io.cairn.graphql.model.Principal principal, List<String> ownsUrns) {
    }

    public record SearchConnectionView(List<Connection.Edge<io.cairn.graphql.port.SearchSource.Hit>> edges,
                                List<io.cairn.graphql.model.Views.SearchFacet> facets, long totalCount, Connection.PageInfo pageInfo) {
    }
}
