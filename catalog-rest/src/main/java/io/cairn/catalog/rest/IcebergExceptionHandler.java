package io.cairn.catalog.rest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Ahead of the server's general handler, for the Iceberg controllers only: every failure as an ErrorModel. */
@RestControllerAdvice(basePackageClasses = IcebergExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IcebergExceptionHandler {

    private final IcebergErrors errors;

    public IcebergExceptionHandler(IcebergErrors errors) {
        this.errors = errors;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> failure(Exception failure) {
        return errors.response(unwrap(failure));
    }

    /** Spring wraps a bad parameter or header; the client needs a plain 400. */
    private static Throwable unwrap(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().equals("PayloadTooLargeException")) {
                return new PayloadTooLarge(cause.getMessage());
            }
        }
        if (failure instanceof org.springframework.web.bind.ServletRequestBindingException
                || failure instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException
                || failure instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
            return new org.apache.iceberg.exceptions.BadRequestException("%s", failure.getMessage());
        }
        if (failure instanceof org.springframework.web.HttpRequestMethodNotSupportedException) {
            return new UnsupportedOperationException(failure.getMessage());
        }
        return failure;
    }

    /** The server's request size limit, as the Iceberg ErrorModel (413). */
    static final class PayloadTooLarge extends RuntimeException {
        PayloadTooLarge(String message) {
            super(message);
        }
    }
}
