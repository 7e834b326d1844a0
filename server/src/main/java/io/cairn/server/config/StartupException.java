package io.cairn.server.config;

/** A start-up problem the operator can fix; its message is the one line Cairn prints before it exits. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
