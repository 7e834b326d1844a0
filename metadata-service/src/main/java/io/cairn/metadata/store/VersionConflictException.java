package io.cairn.metadata.store;

/** A conditional write expected another version than the current one (HTTP 409/412). */
public final class VersionConflictException extends RuntimeException {

    private final long currentVersion;

    public VersionConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
