package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The assertions defined on a dataset; ids are unique within it and name them in run results. */
public record QualityAssertions(List<Assertion> assertions) implements AspectValue {

    public QualityAssertions {
        if (assertions == null) {
            throw new InvalidAspectException("qualityAssertions.assertions is required");
        }
        if (assertions.size() > 1_000) {
            throw new InvalidAspectException("more than 1000 assertions");
        }
        Set<String> ids = new HashSet<>();
        for (Assertion assertion : assertions) {
            if (assertion == null || !ids.add(assertion.id())) {
                throw new InvalidAspectException("assertion ids must be unique and not null" + (assertion == null ? "" : ": " + assertion.id()));
            }
        }
        assertions = List.copyOf(assertions);
    }
}
