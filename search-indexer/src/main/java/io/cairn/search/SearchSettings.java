package io.cairn.search;

import java.util.Objects;

/** Where the indexes live and how the indexer reads the change log. */
public record SearchSettings(String indexPrefix, String topic, String consumerGroup) {

    public SearchSettings {
        Objects.requireNonNull(indexPrefix, "indexPrefix");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    public String alias(SearchIndex index) {
        return indexPrefix + index.shortName();
    }

    public String stateIndex() {
        return indexPrefix + "search-state";
    }
}
