package io.cairn.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Error bodies in each protocol's own shape: the Iceberg REST {@code ErrorModel} under {@code /iceberg}, an RFC 9457
 * problem ({@code application/problem+json}) everywhere else, and GraphQL's {@code errors[]} with {@code extensions.code}
 * under {@code /graphql} (for the answers filters give before the GraphQL layer runs: 401, 413).
 */
@Component
public class ErrorBodies {

    private final ObjectMapper mapper;

    public ErrorBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode body(String path, HttpStatus status, String type, String message) {
        if (isGraphQl(path)) {
            ObjectNode root = mapper.createObjectNode();
            ObjectNode error = root.putArray("errors").addObject();
            error.put("message", message);
            error.putObject("extensions").put("code", graphQlCode(status)).put("type", type);
            return root;
        }
        if (isIceberg(path)) {
            ObjectNode root = mapper.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", message);
            error.put("type", type);
            error.put("code", status.value());
            return root;
        }
        ObjectNode problem = mapper.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", type);
        problem.put("status", status.value());
        problem.put("detail", message);
        problem.put("instance", path);
        return problem;
    }

    public ResponseEntity<ObjectNode> entity(String path, HttpStatus status, String type, String message) {
        return ResponseEntity.status(status).contentType(mediaType(path)).body(body(path, status, type, message));
    }

    /** For filters, which answer before Spring MVC is involved. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String message)
            throws IOException {
        String path = request.getRequestURI();
        response.setStatus(status.value());
        response.setContentType(mediaType(path).toString());
        mapper.writeValue(response.getOutputStream(), body(path, status, type, message));
    }

    private static MediaType mediaType(String path) {
        return isIceberg(path) || isGraphQl(path) ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON;
    }

    private static boolean isGraphQl(String path) {
        return "/graphql".equals(path);
    }

    private static String graphQlCode(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "UNAUTHENTICATED";
            case FORBIDDEN -> "FORBIDDEN";
            case NOT_FOUND -> "NOT_FOUND";
            case PAYLOAD_TOO_LARGE -> "LIMIT_EXCEEDED";
            default -> status.is5xxServerError() ? "INTERNAL" : "BAD_USER_INPUT";
        };
    }

    private static boolean isIceberg(String path) {
        return path != null && path.startsWith("/iceberg/");
    }
}
