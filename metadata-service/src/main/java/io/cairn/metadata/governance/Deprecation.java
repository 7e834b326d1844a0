package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Marks an entity deprecated, with a note for its users and the date it goes away (ISO date, optional). */
public record Deprecation(boolean deprecated, String note, String decommissionDate) implements AspectValue {

    public Deprecation {
        note = Checks.text("deprecation.note", note, 16_384);
        if (decommissionDate != null) {
            try {
                decommissionDate = LocalDate.parse(decommissionDate).toString();
            } catch (DateTimeParseException e) {
                throw new InvalidAspectException("deprecation.decommissionDate '" + decommissionDate + "' is not an ISO date (YYYY-MM-DD)");
            }
        }
    }
}
