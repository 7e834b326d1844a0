package io.cairn.search;

import java.util.List;
import java.util.Map;

/**
 * What the indexer reads from the store of record: an entity's current search document, the entities of one index in
 * URN order (for a rebuild), and the change log's position. Implemented over Neo4j by {@link Neo4jDocumentSource}.
 */
public interface DocumentSource {

    /**
     * The documents of entities (a deletion for one that is gone), read in one transaction (one snapshot, and no session and transaction set-up
     * per document), by the URN as given, in the given order; URNs that are not searchable are left out.
     */
    Map<String, SearchDocument> loadAll(List<String> urns);

    /** Up to {@code limit} URNs of entities of this index after {@code afterUrn} (null = from the start), in order. */
    List<String> urns(SearchIndex index, String afterUrn, int limit);

    long count(SearchIndex index);

    /**
     * Up to {@code limit} URNs, after {@code afterUrn} in URN order, of entities whose documents show the name of
     * {@code urn} (a glossary term or domain): what is assigned to it and what sits below it in its hierarchy. A column
     * stands for its dataset's document.
     */
    List<String> showingNameOf(String urn, String afterUrn, int limit);

    /** The sequence number of the newest committed change event. */
    long currentSeq();

    /** Change events with a sequence number above {@code afterSeq}, in order, at most {@code limit}. */
    List<ChangedUrn> changesAfter(long afterSeq, int limit);

    /** One change-log entry: its position and the URN it changed. */
    record ChangedUrn(long seq, String urn) {
    }
}
