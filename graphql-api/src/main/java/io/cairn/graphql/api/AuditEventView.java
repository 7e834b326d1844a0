package io.cairn.graphql.api;

import io.cairn.metadata.changelog.ChangeEvent;

/** A change-log event as the schema shows it (64-bit numbers as strings, times as ISO instants). */
public record AuditEventView(String seq, String urn, String entityType, String aspect, String version, String changeType, String principal,
                      String at, String before, String after) {

    static AuditEventView of(ChangeEvent event) {
        return new AuditEventView(Long.toString(event.seq()), event.urn(), event.entityType(), event.aspect(), Long.toString(event.version()),
                event.changeType().name(), event.principal(), event.at().toString(), event.before(), event.after());
    }
}
