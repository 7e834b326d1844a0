package io.cairn.lineage.read;

import java.util.List;

/**
 * One page of a traversal or an impact analysis, nearest first.
 *
 * @param start the node the traversal started from
 * @param items this page's nodes: {@code DATASET_FIELD}, {@code DATASET}, {@code JOB} and (impact only) {@code OWNER}
 * @param truncated a depth, fan-out or size cap stopped the expansion, so more lies beyond what is listed
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record LineagePage(Item start, String direction, int depth, List<Item> items, boolean truncated, String nextCursor) {

    /**
     * One node reached.
     *
     * @param id the Marquez node id ({@code datasetField:ns:name:field}, {@code dataset:ns:name}, {@code job:ns:name}) or,
     *           for an owner, the owner's name or principal URN
     * @param depth hops from the start (for a job: the hop its edge leads to; for an owner: the nearest thing owned)
     * @param via the edges that reached this node from the previous hop
     * @param owners who owns this dataset or job (governance ownership and the OpenLineage {@code ownership} facet)
     * @param owns for an owner: the ids of the datasets and jobs reached that it owns
     */
    public record Item(String type, String id, String urn, int depth, List<Via> via, List<Owner> owners, List<String> owns) {
    }

    /** An edge into an item: where it came from, through which job, and how. */
    public record Via(String from, String job, String transformationType, String transformationSubtype, String description,
                      Boolean masking) {
    }

    /** An owner and the kind of ownership; {@code source} says whether governance or an OpenLineage facet said so. */
    public record Owner(String owner, String type, String source) {
    }
}
