package io.cairn.embedded.neo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.neo4j.driver.Query;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.NoSuchRecordException;
import org.neo4j.driver.internal.InternalRecord;
import org.neo4j.driver.internal.summary.InternalResultSummary;
import org.neo4j.driver.internal.summary.InternalSummaryCounters;
import org.neo4j.driver.summary.ResultSummary;
import org.neo4j.graphdb.QueryStatistics;

/**
 * The rows of one statement run in process, read to the end when it ran (as the driver buffers a result when the
 * next statement of its transaction runs), behind the driver's {@link Result}.
 */
final class InProcessResult implements Result {

    private final List<String> keys;
    private final List<Record> records;
    private final ResultSummary summary;
    private int position;
    private boolean consumed;

    private InProcessResult(List<String> keys, List<Record> records, ResultSummary summary) {
        this.keys = keys;
        this.records = records;
        this.summary = summary;
    }

    static InProcessResult read(String query, Map<String, Object> parameters, org.neo4j.graphdb.Result result) {
        List<String> keys = List.copyOf(result.columns());
        List<Record> records = new ArrayList<>();
        while (result.hasNext()) {
            Map<String, Object> row = result.next();
            List<Value> values = new ArrayList<>(keys.size());
            for (String key : keys) {
                values.add(DriverValues.toDriver(row.get(key)));
            }
            records.add(new InternalRecord(keys, values));
        }
        QueryStatistics stats = result.getQueryStatistics();
        InternalSummaryCounters counters = new InternalSummaryCounters(stats.getNodesCreated(), stats.getNodesDeleted(),
                stats.getRelationshipsCreated(), stats.getRelationshipsDeleted(), stats.getPropertiesSet(),
                stats.getLabelsAdded(), stats.getLabelsRemoved(), stats.getIndexesAdded(), stats.getIndexesRemoved(),
                stats.getConstraintsAdded(), stats.getConstraintsRemoved(), stats.getSystemUpdates());
        ResultSummary summary = new InternalResultSummary(new Query(query, parameters), null, null, null, counters,
                null, null, List.of(), Set.of(), 0, 0);
        return new InProcessResult(keys, records, summary);
    }

    @Override
    public List<String> keys() {
        return keys;
    }

    @Override
    public boolean hasNext() {
        return !consumed && position < records.size();
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records");
        }
        return records.get(position++);
    }

    @Override
    public Record single() {
        if (!hasNext()) {
            throw new NoSuchRecordException("Cannot retrieve a single record, because this result is empty.");
        }
        Record record = next();
        if (hasNext()) {
            throw new NoSuchRecordException("Expected a result with a single record, but this result contains at least one more. "
                    + "Ensure your query returns only one record.");
        }
        return record;
    }

    @Override
    public Record peek() {
        if (!hasNext()) {
            throw new NoSuchRecordException("Cannot peek past the last record");
        }
        return records.get(position);
    }

    @Override
    public Stream<Record> stream() {
        return list().stream();
    }

    @Override
    public List<Record> list() {
        return list(Function.identity());
    }

    @Override
    public <T> List<T> list(Function<Record, T> mapper) {
        List<T> rest = new ArrayList<>(Math.max(0, records.size() - position));
        while (hasNext()) {
            rest.add(mapper.apply(next()));
        }
        return rest;
    }

    @Override
    public ResultSummary consume() {
        consumed = true;
        return summary;
    }

    @Override
    public boolean isOpen() {
        return !consumed;
    }
}
