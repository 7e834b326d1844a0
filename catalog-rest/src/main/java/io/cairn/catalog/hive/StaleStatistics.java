package io.cairn.catalog.hive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.Urn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.Record;

/**
 * Column statistics that a table change makes meaningless: a column that is dropped (or renamed) or whose type
 * changes loses its table- and partition-level statistics, as in Hive's metastore, while the statistics of the columns
 * that stay survive. Runs inside the write that changes the table, so the change and the cleanup commit together.
 */
final class StaleStatistics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

    private StaleStatistics() {
    }

    /** The columns (and partition keys) of {@code before}, by lookup name, that {@code after} drops or retypes. */
    static Set<String> columns(TableDefinition before, TableDefinition after) {
        Map<String, String> kept = types(after);
        Set<String> stale = new TreeSet<>();
        types(before).forEach((column, type) -> {
            if (!type.equals(kept.get(column))) {
                stale.add(column);
            }
        });
        return stale;
    }

    /**
     * Removes the statistics of {@code columns}: the table-level aspect of each column that has live statistics, and
     * the columns' entries in every partition's statistics, a page of partitions at a time.
     */
    static void remove(WriteTransaction unit, HiveGraph graph, String tableId, Urn dataset, Set<String> columns) {
        if (columns.isEmpty()) {
            return;
        }
        if (dataset != null) {
            Map<String, Urn> urns = new LinkedHashMap<>();
            columns.forEach(column -> urns.put(Urn.column(dataset.uuid(), column).toString(), Urn.column(dataset.uuid(), column)));
            graph.latestAspects(unit, List.copyOf(urns.keySet()), HiveMetastore.STATISTICS_ASPECT).forEach((urn, value) -> {
                if (!HiveMetastore.STATISTICS_REMOVED.equals(value)) {
                    EntityStore.writeVersionIfChanged(unit, urns.get(urn), HiveMetastore.STATISTICS_ASPECT,
                            HiveMetastore.STATISTICS_REMOVED);
                }
            });
        }
        String after = "";
        while (true) {
            List<Record> page = graph.partitionStatisticsPage(unit, tableId, after, PAGE);
            List<Map<String, Object>> rewritten = new ArrayList<>();
            for (Record partition : page) {
                String json = partition.get("statistics").asString();
                String pruned = without(json, columns);
                if (!pruned.equals(json)) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("key", partition.get("key").asString());
                    row.put("statistics", pruned);
                    rewritten.add(row);
                }
            }
            if (!rewritten.isEmpty()) {
                graph.writePartitionStatistics(unit, tableId, rewritten);
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).get("key").asString();
        }
    }

    private static Map<String, String> types(TableDefinition definition) {
        Map<String, String> types = new HashMap<>();
        definition.storage().columns().forEach(column -> types.put(HiveNames.lookup(column.name()), normalizedType(column)));
        definition.partitionKeys().forEach(key -> types.put(HiveNames.lookup(key.name()), normalizedType(key)));
        return types;
    }

    private static String normalizedType(HiveColumn column) {
        return column.type().replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static String without(String json, Set<String> columns) {
        try {
            ObjectNode statistics = (ObjectNode) JSON.readTree(json);
            statistics.remove(columns);
            return JSON.writeValueAsString(statistics);
        } catch (IOException e) {
            throw new UncheckedIOException("stored partition statistics are unreadable", e);
        }
    }
}
