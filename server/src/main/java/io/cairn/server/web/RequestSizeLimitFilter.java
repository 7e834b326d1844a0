package io.cairn.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the configured limit with 413: at once when Content-Length says so, and while reading for
 * chunked bodies that carry no length, so an oversized stream is never buffered whole.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ErrorBodies errors;

    public RequestSizeLimitFilter(long maxBytes, ErrorBodies errors) {
        this.maxBytes = maxBytes;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            errors.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "PayloadTooLargeException", message());
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes, message()), response);
    }

    private String message() {
        return "the request body is larger than the limit of " + maxBytes + " bytes (CAIRN_MAX_REQUEST_SIZE)";
    }

    /** Thrown while reading a body that passes the limit; mapped to 413. */
    public static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(String message) {
            super(message);
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private final String message;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes, String message) {
            super(request);
            this.maxBytes = maxBytes;
            this.message = message;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes, message);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long maxBytes;
        private final String message;
        private long read;

        LimitedStream(ServletInputStream delegate, long maxBytes, String message) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new PayloadTooLargeException(message);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
