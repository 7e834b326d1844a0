package io.cairn.lineage.kafka;

import java.io.IOException;
import org.apache.kafka.common.errors.RetriableException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.RetryableException;

/**
 * Tells an outage (wait and try the same batch again) from a refusal of the data itself (dead-letter the event).
 * When in doubt it is an outage: retrying costs time, dead-lettering by mistake would take events out of the graph.
 */
final class Failures {

    private Failures() {
    }

    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetryableException || t instanceof RetriableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof ClientException client) {
                // A statement Neo4j refuses because of what it was given (types, constraints, sizes): the data's fault.
                return client.code() != null && client.code().contains("Transaction") && !client.code().contains("Constraint");
            }
            if (t instanceof IllegalArgumentException || t instanceof NullPointerException || t instanceof ClassCastException
                    || t instanceof UnsupportedOperationException || t instanceof ArithmeticException) {
                // A Cairn check or bug that this event's content triggers: it would fail the same way every time.
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /** Neo4j ended the transaction for its size: its timeout or its memory limit. A smaller batch may pass. */
    static boolean tooBigForOneTransaction(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.neo4j.driver.exceptions.Neo4jException neo4j && neo4j.code() != null
                    && (neo4j.code().contains("TransactionTimedOut") || neo4j.code().contains("MemoryPoolOutOfMemory")
                        || neo4j.code().contains("TransactionOutOfMemory"))) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The failure and its causes on one line, for logs and health. */
    static String describeChain(Throwable failure) {
        StringBuilder text = new StringBuilder(describe(failure));
        int depth = 0;
        for (Throwable t = failure.getCause(); t != null && t != failure && depth < 5; t = t.getCause(), depth++) {
            text.append(" <- ").append(describe(t));
        }
        return text.toString();
    }
}
