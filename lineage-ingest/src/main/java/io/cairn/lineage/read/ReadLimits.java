package io.cairn.lineage.read;

import java.time.Duration;

/**
 * Bounds of every lineage read: the deepest expansion allowed, how many neighbours one node may contribute per hop,
 * how many nodes one answer may hold, and the server-side time limit (the Neo4j transaction's timeout).
 */
public record ReadLimits(int maxDepth, int fanOut, int maxNodes, Duration timeout) {

    public static final ReadLimits DEFAULT = new ReadLimits(20, 200, 5_000, Duration.ofSeconds(10));

    public ReadLimits {
        if (maxDepth < 1 || fanOut < 1 || maxNodes < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }
}
