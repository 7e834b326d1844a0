package io.cairn.catalog.glue;

/**
 * A failure as Glue reports it: {@code {"__type": "<type>", "message": ...}} with an HTTP status. The AWS SDK turns
 * the type into its typed exception ({@code EntityNotFoundException}, {@code ConcurrentModificationException}, ...).
 */
public final class GlueException extends RuntimeException {

    private final String type;
    private final int status;

    public GlueException(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    public static GlueException invalidInput(String message) {
        return new GlueException("InvalidInputException", 400, message);
    }

    public static GlueException notFound(String message) {
        return new GlueException("EntityNotFoundException", 400, message);
    }

    public static GlueException accessDenied(String message) {
        return new GlueException("AccessDeniedException", 403, message);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
