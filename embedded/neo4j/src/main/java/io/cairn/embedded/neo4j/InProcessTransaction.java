package io.cairn.embedded.neo4j;

import java.util.Map;
import org.neo4j.driver.Query;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.graphdb.Transaction;

/**
 * A transaction of the database in this JVM behind the driver's {@link TransactionContext}: the same Cypher, the same
 * values and the same exception types as over Bolt, without the round trip through the loopback for each statement.
 */
final class InProcessTransaction implements TransactionContext {

    private final Transaction tx;

    InProcessTransaction(Transaction tx) {
        this.tx = tx;
    }

    @Override
    public Result run(String query, Map<String, Object> parameters) {
        Map<String, Object> embedded = DriverValues.parameters(parameters);
        try (org.neo4j.graphdb.Result result = tx.execute(query, embedded)) {
            return InProcessResult.read(query, parameters == null ? Map.of() : parameters, result);
        } catch (RuntimeException e) {
            throw InProcessErrors.asDriverException(e);
        }
    }

    @Override
    public Result run(String query, Value parameters) {
        return run(query, parameters == null ? Map.of() : parameters.asMap());
    }

    @Override
    public Result run(String query, Record parameters) {
        return run(query, parameters == null ? Map.of() : parameters.asMap());
    }

    @Override
    public Result run(String query) {
        return run(query, Map.<String, Object>of());
    }

    @Override
    public Result run(Query query) {
        return run(query.text(), query.parameters().asMap());
    }
}
