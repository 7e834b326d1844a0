package io.cairn.lineage.parse;

import java.util.List;
import java.util.stream.Collectors;

/** Events that cannot be taken: every problem found, each with its JSON pointer. Nothing of them was stored. */
public final class InvalidEventException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidEventException(List<Problem> problems) {
        super(problems.stream().map(p -> p.pointer() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
