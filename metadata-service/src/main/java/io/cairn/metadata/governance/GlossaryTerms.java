package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.urn.EntityType;
import io.cairn.metadata.urn.Urn;
import java.util.List;

/** Glossary terms assigned to a dataset or column, by URN; the writer checks that each term exists. */
public record GlossaryTerms(List<String> terms) implements AspectValue {

    public static final int MAX_TERMS = 100;

    public GlossaryTerms {
        if (terms == null) {
            throw new InvalidAspectException("glossaryTerms.terms is required");
        }
        if (terms.size() > MAX_TERMS) {
            throw new InvalidAspectException("more than " + MAX_TERMS + " glossary terms");
        }
        terms = terms.stream().map(term -> {
            if (term == null) {
                throw new InvalidAspectException("glossaryTerms.terms holds a null");
            }
            Urn urn = Urn.parse(term);
            if (urn.type() != EntityType.GLOSSARY_TERM) {
                throw new InvalidAspectException("'" + term + "' is not a glossary term URN (urn:cairn:term:<id>)");
            }
            return urn.toString();
        }).distinct().sorted().toList();
    }
}
