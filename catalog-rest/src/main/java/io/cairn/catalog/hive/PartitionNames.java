package io.cairn.catalog.hive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hive's partition names, {@code year=2024/month=03}: keys and values escaped as Hive's {@code FileUtils.escapePathName}
 * does ({@code %XX} for {@code " # % ' * / : = ? \ { [ ] ^}, DEL and control characters), an empty value written as
 * {@link #DEFAULT_PARTITION}. They are also the relative directory of a partition under its table.
 */
public final class PartitionNames {

    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
    private static final String ESCAPED = "\"#%'*/:=?\\\u007f{[]^";

    private PartitionNames() {
    }

    /** {@code k1=v1/k2=v2}; the number of keys and values must match. */
    public static String name(List<HiveColumn> keys, List<String> values) {
        if (keys.size() != values.size()) {
            throw new InvalidObjectException("the table has " + keys.size() + " partition keys but " + values.size()
                    + " values were given");
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                name.append('/');
            }
            String value = values.get(i);
            name.append(escape(keys.get(i).name())).append('=')
                    .append(value == null || value.isEmpty() ? DEFAULT_PARTITION : escape(value));
        }
        return name.toString();
    }

    /** Key to value, in order, from a partition name; values unescaped. */
    public static Map<String, String> parse(String name) {
        Map<String, String> spec = new LinkedHashMap<>();
        if (name == null || name.isEmpty()) {
            return spec;
        }
        for (String part : name.split("/")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new InvalidObjectException("'" + name + "' is not a partition name (k1=v1/k2=v2)");
            }
            spec.put(unescape(part.substring(0, equals)), unescape(part.substring(equals + 1)));
        }
        return spec;
    }

    /** The values of a partition name, in the order of the table's keys. */
    public static List<String> values(List<HiveColumn> keys, String name) {
        Map<String, String> spec = parse(name);
        List<String> values = new ArrayList<>(keys.size());
        for (HiveColumn key : keys) {
            String value = spec.get(key.name());
            if (value == null) {
                throw new InvalidObjectException("partition name '" + name + "' has no value for key '" + key.name() + "'");
            }
            values.add(value);
        }
        if (spec.size() != keys.size()) {
            throw new InvalidObjectException("partition name '" + name + "' does not match the partition keys");
        }
        return values;
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || ESCAPED.indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c);
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static boolean isHex(String text, int at) {
        return at + 1 < text.length() && Character.digit(text.charAt(at), 16) >= 0 && Character.digit(text.charAt(at + 1), 16) >= 0;
    }
}
