package io.cairn.lineage.read;

import java.util.List;
import java.util.Set;

/**
 * One paged traversal: where it starts, which way, how deep, which edges count, and which page.
 *
 * @param start a Marquez node id ({@code dataset:..}, {@code datasetField:..}) or a Cairn dataset or column URN
 * @param jobs only edges of these jobs (Marquez job ids or job URNs); empty means every job
 * @param transformationTypes only column edges of these types (DIRECT, INDIRECT); empty means all
 * @param transformationSubtypes only column edges of these subtypes (IDENTITY, AGGREGATION, JOIN...); empty means all
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 */
public record TraversalQuery(String start, Direction direction, int depth, Set<String> jobs, Set<String> transformationTypes,
                             Set<String> transformationSubtypes, int limit, String cursor) {

    public enum Direction { UPSTREAM, DOWNSTREAM }

    public static final int MAX_PAGE = 1_000;

    public TraversalQuery {
        if (start == null || start.isBlank()) {
            throw new IllegalArgumentException("a start node is required (dataset:<ns>:<name>, datasetField:<ns>:<name>:<field> or a URN)");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be 1 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        jobs = jobs == null ? Set.of() : Set.copyOf(jobs);
        transformationTypes = upper(transformationTypes);
        transformationSubtypes = upper(transformationSubtypes);
    }

    /** What identifies the result set, so a cursor cannot be replayed against another query. */
    String fingerprint() {
        return String.join("\u0001", start, direction.name(), Integer.toString(depth), sorted(jobs), sorted(transformationTypes),
                sorted(transformationSubtypes));
    }

    private static Set<String> upper(Set<String> values) {
        return values == null ? Set.of() : Set.copyOf(values.stream().map(v -> v.strip().toUpperCase(java.util.Locale.ROOT)).toList());
    }

    private static String sorted(Set<String> values) {
        List<String> list = values.stream().sorted().toList();
        return String.join(",", list);
    }
}
