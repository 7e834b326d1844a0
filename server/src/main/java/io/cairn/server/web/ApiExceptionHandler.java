package io.cairn.server.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.ClientConflictException;
import io.cairn.metadata.auth.ClientNotFoundException;
import io.cairn.metadata.auth.InvalidTokenException;
import io.cairn.metadata.store.VersionConflictException;
import io.cairn.metadata.urn.InvalidUrnException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every failure leaves as an error body in the protocol's shape with the right status; nothing leaks a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorBodies errors;

    public ApiExceptionHandler(ErrorBodies errors) {
        this.errors = errors;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ObjectNode> problem(ApiProblem problem, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), problem.status(), problem.type(), problem.getMessage());
    }

    @ExceptionHandler({InvalidUrnException.class, InvalidAspectException.class, IllegalArgumentException.class})
    ResponseEntity<ObjectNode> badRequest(RuntimeException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.BAD_REQUEST, "BadRequestException", e.getMessage());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<ObjectNode> badParameter(Exception e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.BAD_REQUEST, "BadRequestException", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.PayloadTooLargeException tooLarge) {
                return errors.entity(request.getRequestURI(), HttpStatus.PAYLOAD_TOO_LARGE, "PayloadTooLargeException", tooLarge.getMessage());
            }
        }
        String message = e.getCause() instanceof IOException io ? StrictJson.describe(io) : "the request body cannot be read";
        return errors.entity(request.getRequestURI(), HttpStatus.BAD_REQUEST, "BadRequestException", message);
    }

    @ExceptionHandler(RequestSizeLimitFilter.PayloadTooLargeException.class)
    ResponseEntity<ObjectNode> tooLarge(RequestSizeLimitFilter.PayloadTooLargeException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.PAYLOAD_TOO_LARGE, "PayloadTooLargeException", e.getMessage());
    }

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<ObjectNode> unauthenticated(InvalidTokenException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.UNAUTHORIZED, "NotAuthorizedException", e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ObjectNode> forbidden(AccessDeniedException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.FORBIDDEN, "ForbiddenException", e.getMessage());
    }

    @ExceptionHandler(ClientNotFoundException.class)
    ResponseEntity<ObjectNode> notFound(RuntimeException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.NOT_FOUND, "NotFoundException", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ObjectNode> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.NOT_FOUND, "NotFoundException",
                "no endpoint at " + request.getMethod() + " " + request.getRequestURI());
    }

    @ExceptionHandler(ClientConflictException.class)
    ResponseEntity<ObjectNode> conflict(ClientConflictException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.CONFLICT, "AlreadyExistsException", e.getMessage());
    }

    @ExceptionHandler(VersionConflictException.class)
    ResponseEntity<ObjectNode> versionConflict(VersionConflictException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.PRECONDITION_FAILED, "VersionConflictException", e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ObjectNode> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaTypeException", e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ObjectNode> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return errors.entity(request.getRequestURI(), HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowedException", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return errors.entity(request.getRequestURI(), HttpStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
                "Cairn failed on this request; the server log has the details");
    }
}
