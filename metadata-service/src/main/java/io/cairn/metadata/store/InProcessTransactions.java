package io.cairn.metadata.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.neo4j.driver.TransactionContext;

/**
 * Transactions run straight against a Neo4j database in this JVM, behind the driver's {@link TransactionContext}, so
 * that a unit of work is the same code whether it runs in process or over Bolt. Like the driver's managed
 * transactions, the work runs again after a transient failure.
 */
public interface InProcessTransactions {

    /** Runs {@code work} in a write transaction and commits it. */
    <T> T write(Function<TransactionContext, T> work);

    /** Runs {@code work} in a transaction that only reads. */
    <T> T read(Function<TransactionContext, T> work);

    /**
     * The named properties of the one node with {@code label} whose properties equal {@code key}, or empty, read
     * through the database's own API rather than a statement (see {@link GraphStore#findNode}).
     */
    Optional<Map<String, Object>> findNode(String label, Map<String, Object> key, List<String> properties);
}
