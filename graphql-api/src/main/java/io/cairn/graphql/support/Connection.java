package io.cairn.graphql.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A Relay connection page: edges with cursors and page information. */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo) {

    public record Edge<T>(String cursor, T node) {
    }

    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    /**
     * A page from {@code rows}, fetched with one row more than {@code size} so that the extra row tells whether
     * another page follows; {@code position} gives each row's position, which its cursor encodes.
     */
    public static <T> Connection<T> of(List<T> rows, int size, boolean after, Function<T, String> position) {
        List<Edge<T>> edges = new ArrayList<>(Math.min(rows.size(), size));
        for (T row : rows.subList(0, Math.min(rows.size(), size))) {
            edges.add(new Edge<>(Cursors.encode(position.apply(row)), row));
        }
        return new Connection<>(List.copyOf(edges), new PageInfo(rows.size() > size, after,
                edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }
}
