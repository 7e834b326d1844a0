package io.cairn.lineage.model;

/**
 * Run event types. The rank orders events of one run that carry the same time: a terminal state beats a running one,
 * so out-of-order or same-instant arrival still ends in the same state.
 */
public enum RunState {
    OTHER(0), START(1), RUNNING(2), COMPLETE(3), FAIL(4), ABORT(5);

    private final int rank;

    RunState(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean terminal() {
        return this == COMPLETE || this == FAIL || this == ABORT;
    }
}
