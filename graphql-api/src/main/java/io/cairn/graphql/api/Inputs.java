package io.cairn.graphql.api;

import io.cairn.metadata.governance.AssertionKind;
import io.cairn.metadata.governance.OwnershipType;
import java.util.List;

/** The schema's input types, bound by Spring for GraphQL; they become the metadata service's validated records. */
public final class Inputs {

    private Inputs() {
    }

    public record FacetFilter(String field, List<String> values) {
    }

    public record OwnerInput(String principal, OwnershipType ownershipType) {
    }

    public record DeprecationInput(boolean deprecated, String note, String decommissionDate) {
    }

    public record PropertyInput(String key, String value) {
    }

    public record GlossaryTermInput(String name, String definition, String parent) {
    }

    public record DomainInput(String name, String description, String parent) {
    }

    public record AssertionInput(String id, AssertionKind kind, String column, String description, List<PropertyInput> parameters) {
    }

    public record QualityRunInput(String runId, String at, List<AssertionResultInput> results) {
    }

    public record AssertionResultInput(String assertion, AssertionKind kind, String column, Boolean success, String actual) {
    }
}
