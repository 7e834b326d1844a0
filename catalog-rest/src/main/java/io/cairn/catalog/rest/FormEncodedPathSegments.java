package io.cairn.catalog.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Iceberg's clients encode path segments as HTML forms do ({@code RESTUtil.encodeString} is {@code URLEncoder}): a
 * space travels as {@code +} and a literal plus as {@code %2B}. The servlet container decodes only {@code %XX}, so
 * without this a table created as {@code order items} (its name is in the JSON body) would be looked up as
 * {@code order+items}. Under {@code /iceberg/} a raw {@code +} therefore always means a space; rewriting it to
 * {@code %20} before Spring parses the path keeps {@code %2B} a plus.
 */
public final class FormEncodedPathSegments extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.indexOf('+') < 0) {
            chain.doFilter(request, response);
            return;
        }
        String decodedSpaces = uri.replace("+", "%20");
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return decodedSpaces;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = super.getRequestURL();
                int path = url.indexOf(uri);
                return path < 0 ? url : url.replace(path, path + uri.length(), decodedSpaces);
            }
        }, response);
    }
}
