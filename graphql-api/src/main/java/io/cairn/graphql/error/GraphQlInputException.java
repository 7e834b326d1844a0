package io.cairn.graphql.error;

/** A request the API refuses with a known code: bad input, a missing entity or a limit; the message is for the caller. */
public class GraphQlInputException extends RuntimeException {

    private final ErrorCode code;

    public GraphQlInputException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static GraphQlInputException badInput(String message) {
        return new GraphQlInputException(ErrorCode.BAD_USER_INPUT, message);
    }

    public static GraphQlInputException notFound(String message) {
        return new GraphQlInputException(ErrorCode.NOT_FOUND, message);
    }

    public static GraphQlInputException limitExceeded(String message) {
        return new GraphQlInputException(ErrorCode.LIMIT_EXCEEDED, message);
    }
}
