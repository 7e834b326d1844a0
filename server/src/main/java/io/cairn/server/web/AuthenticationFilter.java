package io.cairn.server.web;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.InvalidTokenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request but the public ones needs {@code Authorization: Bearer <token>}; without a valid one it is answered
 * 401 here, before any handler runs, so nothing can be read or written.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {

    static final String ACTOR_ATTRIBUTE = Actor.class.getName();

    private final Authenticator authenticator;
    private final ErrorBodies errors;

    public AuthenticationFilter(Authenticator authenticator, ErrorBodies errors) {
        this.authenticator = authenticator;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (PublicPaths.isPublic(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            reject(request, response, "this request needs an 'Authorization: Bearer <token>' header; get a token from /api/v1/oauth/tokens");
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            reject(request, response, "only bearer tokens are accepted in the Authorization header");
            return;
        }
        Actor actor;
        try {
            actor = authenticator.authenticate(header.substring(7).trim());
        } catch (InvalidTokenException e) {
            reject(request, response, e.getMessage());
            return;
        }
        request.setAttribute(ACTOR_ATTRIBUTE, actor);
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
        errors.write(request, response, HttpStatus.UNAUTHORIZED, "NotAuthorizedException", message);
    }
}
