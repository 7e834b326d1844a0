package io.cairn.lineage.web;

import io.cairn.lineage.parse.InvalidEventException;
import io.cairn.lineage.read.LineageNotFoundException;
import io.cairn.lineage.read.LineageTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Lineage errors as RFC 9457 problems, in the same shape as the rest of Cairn's API. A refused event lists each
 * problem with its JSON pointer under {@code errors}; a read that hit the server's time limit is a 503 with its own
 * title so clients can tell it from an outage. Other failures fall through to the server's handler.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {LineageIngestController.class, LineageReadController.class, MarquezController.class,
        LineageTraversalController.class})
public class LineageProblems {

    @ExceptionHandler(InvalidEventException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidEventException e, HttpServletRequest request) {
        Map<String, Object> body = problem(request, HttpStatus.BAD_REQUEST, "InvalidLineageEvent", e.getMessage());
        body.put("errors", e.problems().stream().map(p -> Map.of("pointer", p.pointer(), "detail", p.message())).toList());
        return respond(HttpStatus.BAD_REQUEST, body);
    }

    @ExceptionHandler(LineageTimeoutException.class)
    ResponseEntity<Map<String, Object>> timeout(LineageTimeoutException e, HttpServletRequest request) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, problem(request, HttpStatus.SERVICE_UNAVAILABLE, "LineageQueryTimeout", e.getMessage()));
    }

    @ExceptionHandler(LineageNotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(LineageNotFoundException e, HttpServletRequest request) {
        return respond(HttpStatus.NOT_FOUND, problem(request, HttpStatus.NOT_FOUND, "NotFoundException", e.getMessage()));
    }

    @ExceptionHandler(UnsupportedEncodingProblem.class)
    ResponseEntity<Map<String, Object>> encoding(UnsupportedEncodingProblem e, HttpServletRequest request) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaTypeException", e.getMessage()));
    }

    @ExceptionHandler(BodyTooLargeProblem.class)
    ResponseEntity<Map<String, Object>> tooLarge(BodyTooLargeProblem e, HttpServletRequest request) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, problem(request, HttpStatus.PAYLOAD_TOO_LARGE, "PayloadTooLargeException", e.getMessage()));
    }

    private static Map<String, Object> problem(HttpServletRequest request, HttpStatus status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        return body;
    }

    private static ResponseEntity<Map<String, Object>> respond(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** A Content-Encoding other than gzip or identity. */
    public static final class UnsupportedEncodingProblem extends RuntimeException {
        public UnsupportedEncodingProblem(String message) {
            super(message);
        }
    }

    /** A body that decompresses to more than the limit (a gzip bomb is refused while it is read). */
    public static final class BodyTooLargeProblem extends RuntimeException {
        public BodyTooLargeProblem(String message) {
            super(message);
        }
    }
}
