package io.cairn.metadata.urn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Cairn URN: {@code urn:cairn:<entity type>:<key part>[:<key part>...]}. Key parts are percent-encoded
 * (everything but RFC 3986 unreserved characters), so a URN never holds '/', '?', '#', ':' inside a part or
 * white space, and can be put in a URL path segment as it is. The grammar of the key depends on the type;
 * docs/urns.md is the contract.
 *
 * <p>Datasets, jobs and runs are keyed by a UUID rather than by a name: a dataset has many names (catalog
 * identity, storage location, OpenLineage namespace + name) and can be renamed, and its URN must survive both.
 */
public final class Urn implements Comparable<Urn> {

    public static final int MAX_LENGTH = 2048;
    private static final String PREFIX = "urn:cairn:";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final EntityType type;
    private final List<String> keyParts;
    private final String text;

    private Urn(EntityType type, List<String> keyParts) {
        this.type = Objects.requireNonNull(type, "type");
        this.keyParts = List.copyOf(keyParts);
        validate(type, this.keyParts);
        StringBuilder builder = new StringBuilder(PREFIX).append(type.urnName());
        for (String part : this.keyParts) {
            builder.append(':').append(encode(part));
        }
        this.text = builder.toString();
        if (text.length() > MAX_LENGTH) {
            throw new InvalidUrnException("URN is longer than " + MAX_LENGTH + " characters");
        }
    }

    public static Urn of(EntityType type, List<String> keyParts) {
        return new Urn(type, keyParts);
    }

    public static Urn namespace(String warehouse, List<String> levels) {
        List<String> parts = new ArrayList<>(levels.size() + 1);
        parts.add(warehouse);
        parts.addAll(levels);
        return new Urn(EntityType.NAMESPACE, parts);
    }

    public static Urn dataset(UUID id) {
        return new Urn(EntityType.DATASET, List.of(id.toString()));
    }

    public static Urn column(UUID datasetId, String fieldPath) {
        return new Urn(EntityType.COLUMN, List.of(datasetId.toString(), fieldPath));
    }

    public static Urn job(UUID id) {
        return new Urn(EntityType.JOB, List.of(id.toString()));
    }

    public static Urn run(UUID id) {
        return new Urn(EntityType.RUN, List.of(id.toString()));
    }

    public static Urn principal(PrincipalKind kind, String name) {
        return new Urn(EntityType.PRINCIPAL, List.of(kind.urnName(), name));
    }

    public static Urn parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidUrnException("URN is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidUrnException("URN is longer than " + MAX_LENGTH + " characters");
        }
        if (!text.startsWith(PREFIX)) {
            throw new InvalidUrnException("'" + abbreviate(text) + "' is not a Cairn URN (it must start with '" + PREFIX + "')");
        }
        String[] pieces = text.substring(PREFIX.length()).split(":", -1);
        EntityType type = EntityType.fromUrnName(pieces[0]);
        List<String> parts = new ArrayList<>(pieces.length - 1);
        for (int i = 1; i < pieces.length; i++) {
            parts.add(decode(pieces[i]));
        }
        return new Urn(type, parts);
    }

    public EntityType type() {
        return type;
    }

    public List<String> keyParts() {
        return keyParts;
    }

    /** The UUID of a dataset, job or run URN, or the dataset's UUID of a column URN. */
    public UUID uuid() {
        return switch (type) {
            case DATASET, JOB, RUN, COLUMN -> UUID.fromString(keyParts.get(0));
            default -> throw new IllegalStateException(type.urnName() + " URNs carry no UUID");
        };
    }

    private static void validate(EntityType type, List<String> parts) {
        for (String part : parts) {
            if (part == null || part.isEmpty()) {
                throw new InvalidUrnException("a " + type.urnName() + " URN has an empty key part");
            }
        }
        switch (type) {
            case NAMESPACE -> require(parts.size() >= 2, type, "a warehouse and at least one namespace level");
            case DATASET, JOB, RUN -> {
                require(parts.size() == 1, type, "exactly one key part, a UUID");
                requireUuid(parts.get(0), type);
            }
            case COLUMN -> {
                require(parts.size() == 2, type, "the dataset UUID and the column's field path");
                requireUuid(parts.get(0), type);
            }
            case PRINCIPAL -> {
                require(parts.size() == 2, type, "a principal kind (user, group, client) and a name");
                PrincipalKind.fromUrnName(parts.get(0));
            }
            case GLOSSARY_TERM, DOMAIN -> require(parts.size() == 1, type, "exactly one key part, its id");
        }
    }

    private static void require(boolean condition, EntityType type, String expectation) {
        if (!condition) {
            throw new InvalidUrnException("a " + type.urnName() + " URN needs " + expectation);
        }
    }

    private static void requireUuid(String part, EntityType type) {
        if (!CANONICAL_UUID.matcher(part).matches()) {
            throw new InvalidUrnException("a " + type.urnName() + " URN is keyed by a lower-case UUID, not '" + abbreviate(part) + "'");
        }
    }

    static String encode(String part) {
        StringBuilder out = new StringBuilder(part.length());
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new InvalidUrnException("truncated percent-escape in URN part '" + abbreviate(encoded) + "'");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new InvalidUrnException("bad percent-escape in URN part '" + abbreviate(encoded) + "'");
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else if (isUnreserved(c)) {
                bytes.write(c);
            } else {
                throw new InvalidUrnException("character '" + c + "' must be percent-encoded in URN part '" + abbreviate(encoded) + "'");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    @Override
    public int compareTo(Urn other) {
        return text.compareTo(other.text);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Urn urn && urn.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
