package io.cairn.server.web;

import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.ClientCredential;
import io.cairn.metadata.auth.IssuedToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAuth2 client-credentials tokens (RFC 6749 section 4.4) in the form and response shape of the Iceberg REST spec's
 * {@code /v1/oauth/tokens}, which every Iceberg client uses when given {@code credential=<id>:<secret>}. The client
 * authenticates with form fields or with HTTP Basic.
 */
@RestController
public class TokenController {

    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final Authenticator authenticator;

    public TokenController(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @PostMapping(path = {"/iceberg/v1/oauth/tokens", "/api/v1/oauth/tokens"}, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestBody(required = false) MultiValueMap<String, String> form,
                                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String grantType = first(form, "grant_type");
        if (grantType == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required");
        }
        if (!grantType.equals("client_credentials")) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "only the client_credentials grant is supported");
        }
        Optional<ClientCredential> credential;
        try {
            credential = credential(form, authorization);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        if (credential.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "client_id and client_secret are required");
        }
        Optional<IssuedToken> token = authenticator.issueToken(credential.get());
        if (token.isEmpty()) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "unknown client, wrong secret, or revoked client");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.get().accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", token.get().expiresIn().toSeconds());
        body.put("issued_token_type", ACCESS_TOKEN_TYPE);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    private static Optional<ClientCredential> credential(MultiValueMap<String, String> form, String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the Basic authorization header is not valid Base64");
            }
            return Optional.of(ClientCredential.parse(decoded));
        }
        String id = first(form, "client_id");
        String secret = first(form, "client_secret");
        if (id == null || secret == null || id.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClientCredential(id, secret));
    }

    private static String first(MultiValueMap<String, String> form, String name) {
        return form == null ? null : form.getFirst(name);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
    }
}
