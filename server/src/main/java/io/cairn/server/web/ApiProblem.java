package io.cairn.server.web;

import org.springframework.http.HttpStatus;

/** An error for the caller, rendered in the error shape of the protocol the request came in on. */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    public ApiProblem(HttpStatus status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "BadRequestException", message);
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "NotFoundException", message);
    }

    public HttpStatus status() {
        return status;
    }

    /** The error type name, as the Iceberg ErrorModel's {@code type} and the problem's {@code title}. */
    public String type() {
        return type;
    }
}
