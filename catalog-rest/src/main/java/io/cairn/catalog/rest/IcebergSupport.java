package io.cairn.catalog.rest;

import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.Catalogs;
import io.cairn.catalog.IdempotentChange;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.store.IdempotencyStore;
import io.cairn.metadata.auth.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What every Iceberg controller needs: the warehouse of a prefix, path decoding, JSON replies, idempotency. */
public final class IcebergSupport {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String SEPARATOR = "\u001f";

    private final Catalogs catalogs;
    private final IcebergJson json;
    private final IcebergErrors errors;
    private final IdempotencyStore idempotency;
    /** The Idempotency-Key change of the mutation this request thread is running, if it sent a key. */
    private final ThreadLocal<IdempotentChange> currentChange = new ThreadLocal<>();

    public IcebergSupport(Catalogs catalogs, IcebergJson json, IcebergErrors errors, IdempotencyStore idempotency) {
        this.catalogs = catalogs;
        this.json = json;
        this.errors = errors;
        this.idempotency = idempotency;
    }

    public IcebergJson json() {
        return json;
    }

    public Catalogs catalogs() {
        return catalogs;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    public Warehouse warehouse(String prefix) {
        return catalogs.warehouses().find(prefix)
                .orElseThrow(() -> new NotFoundException("No warehouse is served under the prefix '%s'", prefix));
    }

    /** The catalog of a prefix for a caller; inside {@link #mutation} its change commits under the request's key. */
    public CairnCatalog catalog(String prefix, Actor actor) {
        return catalogs.catalog(warehouse(prefix), actor, currentChange.get());
    }

    /** Path and query namespaces: levels joined by U+001F (the client sends %1F, which the container decodes). */
    public static Namespace namespace(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Namespace.empty();
        }
        String[] levels = encoded.split(SEPARATOR, -1);
        for (String level : levels) {
            if (level.isEmpty()) {
                throw new BadRequestException("Invalid namespace '%s': a level is empty", encoded.replace(SEPARATOR, "%1F"));
            }
        }
        return Namespace.of(levels);
    }

    public static TableIdentifier identifier(String namespace, String name) {
        return TableIdentifier.of(namespace(namespace), name);
    }

    public ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.write(body));
    }

    /**
     * A 200 with a body already serialized to UTF-8. The answer stays text (idempotency keeps answers as text), but
     * its length is set here, so the body is encoded once on the way out, not a second time to count its bytes.
     */
    public static ResponseEntity<String> okJson(byte[] utf8) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).contentLength(utf8.length)
                .body(new String(utf8, StandardCharsets.UTF_8));
    }

    public static ResponseEntity<String> noContent() {
        return ResponseEntity.noContent().build();
    }

    /**
     * How a retry is answered when only the claim of its key was committed, not the first answer: rebuilt from the
     * metadata file the change produced (or null).
     *
     * @param sameAsFirst the rebuilt answer is the first answer itself (a metadata file is never rewritten, a 204 has
     *                    no body), so a change that claimed its key need not keep its answer as well; false when it
     *                    is rebuilt from state that may have moved on since
     */
    public record Replay(Function<String, ResponseEntity<String>> answer, boolean sameAsFirst) {

        public static Replay fromCommitted(Function<String, ResponseEntity<String>> answer) {
            return new Replay(answer, true);
        }

        public static Replay fromCurrent(Function<String, ResponseEntity<String>> answer) {
            return new Replay(answer, false);
        }
    }

    /** {@link #mutation(HttpServletRequest, byte[], Supplier, Replay)} for a mutation that answers 204. */
    public ResponseEntity<String> mutation(HttpServletRequest request, byte[] body, Supplier<ResponseEntity<String>> action) {
        return mutation(request, body, action, Replay.fromCommitted(location -> noContent()));
    }

    /**
     * Runs a mutation at most once per {@code Idempotency-Key}: a retry (same key, same request) gets the stored
     * first answer. Success and final client errors are stored; transient failures (5xx, auth) are not, so a retry
     * can still succeed. A key reused for a different request is a 422.
     *
     * <p>The change claims the key in its own unit of work (see {@link IdempotencyStore}), so a failed mutation leaves
     * no record, and one that committed always does: if the process died before its answer was kept, a retry is
     * answered by {@code replay} from what was committed (the metadata file the change produced, or null). When that
     * rebuilds the first answer exactly, a change that claimed its key does not keep its answer too: that was a second
     * transaction per commit, and it stored the whole table metadata again (measured: a fifth of a one-client commit's
     * server time). The first retry keeps the answer it rebuilt.
     */
    public ResponseEntity<String> mutation(HttpServletRequest request, byte[] body, Supplier<ResponseEntity<String>> action,
                                           Replay replay) {
        String key = request.getHeader(IDEMPOTENCY_KEY);
        if (key == null || key.isBlank()) {
            return action.get();
        }
        if (key.length() > 256) {
            throw new BadRequestException("The Idempotency-Key header is longer than 256 characters");
        }
        String fingerprint = fingerprint(request, body);
        Optional<IdempotencyStore.Result> stored = idempotency.find(key);
        if (stored.isPresent()) {
            return retried(key, fingerprint, stored.get(), replay);
        }
        ResponseEntity<String> response;
        IdempotentChange change = new IdempotentChange(idempotency, key, fingerprint);
        currentChange.set(change);
        try {
            response = action.get();
        } catch (IdempotencyStore.KeyTakenException duplicate) {
            // A concurrent duplicate committed first; this one changed nothing and answers as its retry.
            return idempotency.find(key).map(first -> retried(key, fingerprint, first, replay))
                    .orElseGet(() -> errors.response(duplicate));
        } catch (RuntimeException failure) {
            response = errors.response(failure);
        } finally {
            currentChange.remove();
        }
        int status = response.getStatusCode().value();
        if (response.getStatusCode().is2xxSuccessful() && change.claimed() && replay.sameAsFirst()) {
            return response;
        }
        if (status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
            idempotency.remember(key, new IdempotencyStore.Result(fingerprint, status, response.getBody()));
        }
        return response;
    }

    private ResponseEntity<String> retried(String key, String fingerprint, IdempotencyStore.Result first, Replay replay) {
        if (!first.fingerprint().equals(fingerprint)) {
            return errors.unprocessable("Idempotency-Key " + key + " was already used for a different request");
        }
        if (!first.pending()) {
            return replay(first);
        }
        ResponseEntity<String> answer = replay.answer().apply(first.resultLocation());
        idempotency.remember(key, new IdempotencyStore.Result(fingerprint, answer.getStatusCode().value(), answer.getBody()));
        return answer;
    }

    private static ResponseEntity<String> replay(IdempotencyStore.Result result) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(result.status());
        if (result.body() == null) {
            return builder.build();
        }
        return builder.contentType(MediaType.APPLICATION_JSON).body(result.body());
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                digest.update(body);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
