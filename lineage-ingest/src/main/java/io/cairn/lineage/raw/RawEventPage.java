package io.cairn.lineage.raw;

import java.util.List;

/** One page of kept raw events (each the JSON its producer sent) and how many the whole range holds. */
public record RawEventPage(List<String> events, long totalCount) {

    public RawEventPage {
        events = List.copyOf(events);
    }
}
