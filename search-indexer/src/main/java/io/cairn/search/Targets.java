package io.cairn.search;

import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import java.util.Optional;

/** Which search document a changed URN affects: a column's change rebuilds its dataset's document. */
public final class Targets {

    private Targets() {
    }

    public static Optional<String> of(String changedUrn) {
        Urn urn;
        try {
            urn = Urn.parse(changedUrn);
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        if (urn.type() == EntityType.COLUMN) {
            return Optional.of(Urn.dataset(urn.uuid()).toString());
        }
        return SearchIndex.of(urn.type()).map(index -> urn.toString());
    }
}
