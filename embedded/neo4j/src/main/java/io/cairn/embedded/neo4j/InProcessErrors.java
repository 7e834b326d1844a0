package io.cairn.embedded.neo4j;

import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.TransientFailureException;
import org.neo4j.kernel.api.exceptions.Status;

/**
 * The driver's exception for a failure of the database in this JVM, chosen by its status code as the driver chooses
 * it for a Bolt FAILURE message: callers catch the same types (a transient failure is retried, a client error is not)
 * whichever way the statement ran.
 */
final class InProcessErrors {

    private InProcessErrors() {
    }

    static RuntimeException asDriverException(RuntimeException failure) {
        if (failure instanceof Neo4jException) {
            return failure;
        }
        String code = code(failure);
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        Neo4jException mapped;
        if (code.startsWith("Neo.TransientError.")) {
            mapped = new TransientException(code, message);
        } else if (code.startsWith("Neo.ClientError.")) {
            mapped = new ClientException(code, message);
        } else {
            mapped = new DatabaseException(code, message);
        }
        // The (code, message) constructors already set a null cause; the original stays reachable for the log.
        mapped.addSuppressed(failure);
        return mapped;
    }

    private static String code(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QueryExecutionException query && query.getStatusCode() != null) {
                return query.getStatusCode();
            }
            if (t instanceof Status.HasStatus status && status.status() != null) {
                return status.status().code().serialize();
            }
        }
        return failure instanceof TransientFailureException
                ? "Neo.TransientError.Transaction.Outdated" : "Neo.DatabaseError.General.UnknownError";
    }
}
