package io.cairn.metadata.changelog;

import java.util.List;
import java.util.OptionalLong;

public record AuditPage(List<ChangeEvent> events, OptionalLong nextCursor) {

    public AuditPage {
        events = List.copyOf(events);
    }
}
