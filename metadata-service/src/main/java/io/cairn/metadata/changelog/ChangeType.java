package io.cairn.metadata.changelog;

public enum ChangeType {
    /** A new version of an aspect was written (or an entity created). */
    UPSERT,
    /** An entity or aspect was removed (soft: history stays). */
    DELETE
}
