package io.cairn.catalog.glue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.auth.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Glue-compatible endpoint: {@code POST /glue} with {@code X-Amz-Target: AWSGlue.<Operation>}, a JSON 1.1 body
 * and an AWS SigV4 signature (access key id = Cairn client id). Point the AWS SDK's {@code endpointOverride} or
 * Iceberg's {@code glue.endpoint} at {@code http://<host>:<port>/glue}. This path is not behind the bearer-token
 * filter: the signature is its authentication, checked here over the exact bytes received.
 */
@RestController
public class GlueController {

    static final String TARGET_PREFIX = "AWSGlue.";
    static final MediaType AMZ_JSON = MediaType.parseMediaType("application/x-amz-json-1.1");
    private static final Logger LOG = LoggerFactory.getLogger(GlueController.class);
    private static final ObjectMapper ERRORS = new ObjectMapper();

    private final GlueService service;
    private final SigV4Verifier verifier;

    public GlueController(GlueService service, SigV4Verifier verifier) {
        this.service = service;
        this.verifier = verifier;
    }

    @PostMapping(path = {"/glue", "/glue/"})
    ResponseEntity<String> handle(HttpServletRequest request) {
        String requestId = UUID.randomUUID().toString();
        try {
            byte[] body = readBody(request);
            Actor actor = verifier.verify(signed(request, body));
            String target = request.getHeader("X-Amz-Target");
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new GlueException("UnknownOperationException", 400,
                        "X-Amz-Target must be AWSGlue.<Operation>, not '" + (target == null ? "" : target) + "'");
            }
            String contentType = request.getContentType();
            if (contentType != null && !contentType.startsWith("application/x-amz-json") && !contentType.startsWith("application/json")) {
                throw GlueException.invalidInput("Content-Type must be application/x-amz-json-1.1, not " + contentType);
            }
            String response = service.handle(actor, target.substring(TARGET_PREFIX.length()), body);
            return ResponseEntity.ok().contentType(AMZ_JSON).header("x-amzn-RequestId", requestId).body(response);
        } catch (GlueException e) {
            return error(requestId, e.status(), e.type(), e.getMessage());
        } catch (BodyTooLarge e) {
            return error(requestId, 413, "InvalidInputException", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Glue request {} failed", requestId, e);
            return error(requestId, 500, "InternalServiceException",
                    "Cairn failed on this request (id " + requestId + "); the server log has the details");
        }
    }

    private static byte[] readBody(HttpServletRequest request) {
        try {
            return request.getInputStream().readAllBytes();
        } catch (IOException e) {
            if (e.getClass().getSimpleName().equals("PayloadTooLargeException")) {
                throw new BodyTooLarge(e.getMessage());
            }
            throw GlueException.invalidInput("cannot read the request body: " + e.getMessage());
        }
    }

    private static SignedRequest signed(HttpServletRequest request, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return new SignedRequest(request.getMethod(), request.getRequestURI(), request.getQueryString(), headers, body);
    }

    private static ResponseEntity<String> error(String requestId, int status, String type, String message) {
        ObjectNode body = ERRORS.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        return ResponseEntity.status(status).contentType(AMZ_JSON).header("x-amzn-RequestId", requestId)
                .header("x-amzn-ErrorType", type).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body.toString());
    }

    /** The server's request size limit was passed while reading. */
    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(String message) {
            super(message);
        }
    }
}
