package io.cairn.catalog.glue;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.SigningCredential;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on a request: rebuilds the canonical request from what arrived (the signed
 * headers the client listed, the body's SHA-256), derives the signing key from the client's secret and compares the
 * signature in constant time. The access key id is the Cairn client id; any region is accepted, the service must be
 * {@code glue}, and the request time must be within {@link #MAX_SKEW} of the server's clock.
 */
public final class SigV4Verifier {

    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Function<String, Optional<SigningCredential>> credentials;
    private final Clock clock;
    private final String service;

    public SigV4Verifier(Function<String, Optional<SigningCredential>> credentials, Clock clock, String service) {
        this.credentials = credentials;
        this.clock = clock;
        this.service = service;
    }

    /** The actor the request was signed by; {@link GlueException} (AccessDeniedException) when it is not valid. */
    public Actor verify(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw GlueException.accessDenied("the request is not signed: Cairn's Glue API needs AWS SigV4 "
                    + "(access key id = Cairn client id, secret access key = client secret)");
        }
        Matcher parts = AUTHORIZATION.matcher(authorization.strip());
        if (!parts.matches()) {
            throw GlueException.accessDenied("the Authorization header is not an AWS4-HMAC-SHA256 signature");
        }
        String[] scope = parts.group(1).split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw GlueException.accessDenied("the credential scope must be <key id>/<date>/<region>/<service>/aws4_request");
        }
        String accessKeyId = scope[0];
        String scopeDate = scope[1];
        String region = scope[2];
        if (!scope[3].equals(service)) {
            throw GlueException.accessDenied("the request is signed for service '" + scope[3] + "', not '" + service + "'");
        }
        if (request.header("x-amz-security-token") != null) {
            throw GlueException.accessDenied("temporary (session) credentials are not accepted; sign with a Cairn client's id and secret");
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw GlueException.accessDenied("the signed request has no X-Amz-Date header");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw GlueException.accessDenied("X-Amz-Date '" + amzDate + "' is not yyyyMMdd'T'HHmmss'Z'");
        }
        if (!amzDate.startsWith(scopeDate)) {
            throw GlueException.accessDenied("the credential scope date " + scopeDate + " does not match X-Amz-Date " + amzDate);
        }
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(MAX_SKEW) > 0) {
            throw GlueException.accessDenied("signature expired: the request was signed at " + amzDate + ", more than "
                    + MAX_SKEW.toMinutes() + " minutes from the server's time");
        }
        List<String> signedHeaders = List.of(parts.group(2).toLowerCase(java.util.Locale.ROOT).split(";"));
        if (!signedHeaders.contains("host")) {
            throw GlueException.accessDenied("the Host header must be signed");
        }
        String payloadHash = hex(sha256(request.body()));
        String declared = request.header("x-amz-content-sha256");
        if (declared != null && !declared.equalsIgnoreCase(payloadHash)) {
            throw GlueException.accessDenied("X-Amz-Content-SHA256 does not match the body");
        }
        String canonical = canonicalRequest(request, signedHeaders, payloadHash);
        String credentialScope = scopeDate + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        SigningCredential credential = credentials.apply(accessKeyId).orElseThrow(() -> GlueException.accessDenied(
                "unknown access key id '" + accessKeyId + "' (or a revoked client, or one created before SigV4 support: "
                        + "create a new client to sign requests)"));
        byte[] key = hmac(("AWS4" + credential.secret()).getBytes(StandardCharsets.UTF_8), scopeDate);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        byte[] given = HexFormat.of().parseHex(parts.group(3).toLowerCase(java.util.Locale.ROOT));
        if (!MessageDigest.isEqual(expected, given)) {
            throw GlueException.accessDenied("the request signature does not match: check the secret access key (the Cairn "
                    + "client secret) and that nothing between client and server rewrites the request");
        }
        return credential.actor();
    }

    static String canonicalRequest(SignedRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method().toUpperCase(java.util.Locale.ROOT)).append('\n');
        canonical.append(canonicalUri(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            List<String> trimmed = new ArrayList<>(values.size());
            values.forEach(value -> trimmed.add(value.strip().replaceAll("\\s+", " ")));
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", signedHeaders)).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    /** Every path segment URI-encoded once more (services other than S3 sign the doubly encoded path). */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String[] segments = rawPath.split("/", -1);
        List<String> kept = new ArrayList<>();
        for (String segment : segments) {
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                continue;
            }
            kept.add(encode(segment));
        }
        String path = String.join("/", kept).replaceAll("/{2,}", "/");
        return path.startsWith("/") ? path : "/" + path;
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        pairs.forEach(pair -> joined.add(pair[0] + "=" + pair[1]));
        return String.join("&", joined);
    }

    /** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
