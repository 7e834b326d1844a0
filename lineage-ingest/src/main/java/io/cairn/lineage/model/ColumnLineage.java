package io.cairn.lineage.model;

import java.util.List;

/**
 * The {@code columnLineage} facet of an output dataset: for each output field its input fields with their
 * transformations, and the dataset-level list of input fields that affect every output field (indirect use).
 */
public record ColumnLineage(List<OutputField> fields, List<InputField> dataset) {

    public ColumnLineage {
        fields = List.copyOf(fields);
        dataset = List.copyOf(dataset);
    }

    public record OutputField(String name, List<InputField> inputs) {
        public OutputField {
            inputs = List.copyOf(inputs);
        }
    }

    /** An input field and how it is used; never without at least one transformation (the parser fills a default). */
    public record InputField(String namespace, String name, String field, List<Transformation> transformations) {
        public InputField {
            transformations = List.copyOf(transformations);
        }
    }

    /** DIRECT (IDENTITY, TRANSFORMATION, AGGREGATION) or INDIRECT (JOIN, FILTER, GROUP_BY, SORT, WINDOW, CONDITIONAL). */
    public record Transformation(String type, String subtype, String description, boolean masking) {
    }
}
