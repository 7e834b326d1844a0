package io.cairn.catalog.hms;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;

/**
 * Names as metastore clients send them. Hive 3 and 4 clients prefix database names with their catalog
 * ({@code @hive#sales}; {@code @hive#} means "no database", {@code @hive#!} the empty name) on calls whose IDL
 * predates catalogs, and like a real metastore Cairn folds database and table names to lower case.
 */
final class HmsNames {

    /** The catalog a client means when it names none; it maps to Cairn's default warehouse. */
    static final String DEFAULT_CATALOG = "hive";

    private static final Pattern VALID = Pattern.compile("[\\w-]{1,128}", Pattern.UNICODE_CHARACTER_CLASS);

    private HmsNames() {
    }

    /** A database name with the catalog it was qualified with, if any; {@code database} is null for "none". */
    record QualifiedDatabase(String catalog, String database) {
    }

    static QualifiedDatabase parseDatabase(String raw) {
        if (raw == null || !raw.startsWith("@")) {
            return new QualifiedDatabase(null, raw == null ? null : lower(raw));
        }
        int separator = raw.indexOf('#');
        if (separator < 0) {
            return new QualifiedDatabase(null, lower(raw));
        }
        String catalog = raw.substring(1, separator);
        String rest = raw.substring(separator + 1);
        String database = rest.isEmpty() ? null : rest.equals("!") ? "" : lower(rest);
        return new QualifiedDatabase(catalog.isEmpty() ? null : catalog, database);
    }

    static String lower(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** Names a client may create: letters, digits, '_' and '-', as a Hive metastore accepts them. */
    static String requireValid(String what, String name) throws InvalidObjectException {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new InvalidObjectException("Invalid " + what + " name '" + name
                    + "': use 1 to 128 letters, digits, '_' or '-'");
        }
        return lower(name);
    }

    /**
     * A Hive name pattern: {@code *} matches anything, {@code |} separates alternatives, the rest is literal and
     * case-insensitive; null or empty matches everything.
     */
    static Pattern pattern(String hivePattern) throws MetaException {
        if (hivePattern == null || hivePattern.isBlank()) {
            return Pattern.compile(".*");
        }
        if (hivePattern.length() > 1024) {
            throw new MetaException("Name pattern is longer than 1024 characters");
        }
        StringBuilder regex = new StringBuilder();
        List<String> alternatives = List.of(hivePattern.trim().split("\\|"));
        for (int i = 0; i < alternatives.size(); i++) {
            if (i > 0) {
                regex.append('|');
            }
            regex.append("(?:");
            String alternative = alternatives.get(i).trim();
            int start = 0;
            for (int star = alternative.indexOf('*'); star >= 0; star = alternative.indexOf('*', start)) {
                regex.append(Pattern.quote(alternative.substring(start, star))).append(".*");
                start = star + 1;
            }
            regex.append(Pattern.quote(alternative.substring(start))).append(')');
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
