package io.cairn.lineage.parse;

import static io.cairn.lineage.parse.EventParser.optionalText;
import static io.cairn.lineage.parse.EventParser.present;
import static io.cairn.lineage.parse.EventParser.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.lineage.model.ColumnLineage;
import io.cairn.lineage.model.DatasetInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the facets Cairn reads or keeps for governance. Only what each facet's schema requires, and the types
 * of what it has, are checked, and only for facets an event actually carries: old facet versions with extra or
 * fewer optional fields pass, unknown facets are not checked at all.
 */
final class FacetShapes {

    private FacetShapes() {
    }

    /** Facet-specific checks beyond "is an object", by facet key. */
    static void check(String key, JsonNode facet, Pointer at, List<Problem> problems) {
        switch (key) {
            case "ownership" -> eachObject(facet, at, "owners", problems, (owner, ownerAt) -> {
                requiredText(owner, ownerAt, "name", problems);
                optionalText(owner, ownerAt, "type", problems);
            });
            case "documentation" -> requiredText(facet, at, "description", problems);
            case "sql" -> requiredText(facet, at, "query", problems);
            case "errorMessage" -> {
                requiredText(facet, at, "message", problems);
                optionalText(facet, at, "programmingLanguage", problems);
                optionalText(facet, at, "stackTrace", problems);
            }
            case "jobType" -> {
                optionalText(facet, at, "processingType", problems);
                optionalText(facet, at, "integration", problems);
                optionalText(facet, at, "jobType", problems);
            }
            case "dataQualityMetrics" -> {
                JsonNode columns = present(facet, "columnMetrics");
                if (columns == null && present(facet, "rowCount") == null) {
                    // Today's schema requires columnMetrics; version 1-0-1 producers sent rowCount alone.
                    problems.add(new Problem(at.at("columnMetrics").toString(), "is required (or rowCount, in facet versions before 1-0-2)"));
                } else if (columns != null && !columns.isObject()) {
                    problems.add(new Problem(at.at("columnMetrics").toString(), "expected an object"));
                }
                integer(facet, at, "rowCount", problems);
                integer(facet, at, "bytes", problems);
                integer(facet, at, "fileCount", problems);
            }
            case "dataQualityAssertions" -> eachObject(facet, at, "assertions", problems, (assertion, assertionAt) -> {
                requiredText(assertion, assertionAt, "assertion", problems);
                JsonNode success = present(assertion, "success");
                if (success == null) {
                    problems.add(new Problem(assertionAt.at("success").toString(), "is required"));
                } else if (!success.isBoolean()) {
                    problems.add(new Problem(assertionAt.at("success").toString(), "expected a boolean"));
                }
                optionalText(assertion, assertionAt, "column", problems);
            });
            case "outputStatistics" -> {
                integer(facet, at, "rowCount", problems);
                integer(facet, at, "size", problems);
                integer(facet, at, "fileCount", problems);
            }
            case "inputStatistics" -> {
                integer(facet, at, "rowCount", problems);
                integer(facet, at, "size", problems);
                integer(facet, at, "fileCount", problems);
            }
            default -> {
                // Unknown or unchecked facets are kept as they are.
            }
        }
    }

    /** The {@code schema} facet's fields, nested ones flattened to dotted paths; null when the facet is absent. */
    static List<DatasetInfo.Field> schema(JsonNode facet, Pointer at, List<Problem> problems) {
        if (facet == null || !facet.isObject()) {
            return null;
        }
        List<DatasetInfo.Field> fields = new ArrayList<>();
        collectFields(facet, at, "", fields, problems);
        return fields;
    }

    private static void collectFields(JsonNode owner, Pointer at, String prefix, List<DatasetInfo.Field> out, List<Problem> problems) {
        eachObject(owner, at, "fields", problems, (field, fieldAt) -> {
            String name = requiredText(field, fieldAt, "name", problems);
            String type = optionalText(field, fieldAt, "type", problems);
            String description = optionalText(field, fieldAt, "description", problems);
            if (name != null) {
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                out.add(new DatasetInfo.Field(path, type, description));
                collectFields(field, fieldAt, path, out, problems);
            }
        });
    }

    static List<DatasetInfo.Symlink> symlinks(JsonNode facet, Pointer at, List<Problem> problems) {
        List<DatasetInfo.Symlink> symlinks = new ArrayList<>();
        if (facet == null || !facet.isObject()) {
            return symlinks;
        }
        eachObject(facet, at, "identifiers", problems, (identifier, idAt) -> {
            // Symlinks without a namespace (seen from Spark's Hive support) name nothing Cairn can resolve: skipped.
            String namespace = optionalText(identifier, idAt, "namespace", problems);
            String name = optionalText(identifier, idAt, "name", problems);
            String type = optionalText(identifier, idAt, "type", problems);
            if (namespace != null && name != null) {
                symlinks.add(new DatasetInfo.Symlink(namespace, name, type));
            }
        });
        return symlinks;
    }

    /**
     * The {@code columnLineage} facet. Older producers put {@code transformationType}/{@code transformationDescription}
     * on the output field instead of per-input {@code transformations}; those become one DIRECT transformation per
     * input with the old type as subtype, so no information is dropped.
     */
    static ColumnLineage columnLineage(JsonNode facet, Pointer at, List<Problem> problems) {
        if (facet == null || !facet.isObject()) {
            return null;
        }
        List<ColumnLineage.OutputField> outputs = new ArrayList<>();
        JsonNode fields = present(facet, "fields");
        if (fields != null && !fields.isObject()) {
            problems.add(new Problem(at.at("fields").toString(), "expected an object of output fields"));
        } else if (fields != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Pointer fieldAt = at.at("fields").at(entry.getKey());
                JsonNode field = entry.getValue();
                if (field.isNull()) {
                    continue;
                }
                if (!field.isObject()) {
                    problems.add(new Problem(fieldAt.toString(), "expected an object"));
                    continue;
                }
                String oldType = optionalText(field, fieldAt, "transformationType", problems);
                String oldDescription = optionalText(field, fieldAt, "transformationDescription", problems);
                List<ColumnLineage.InputField> inputs = inputFields(field, fieldAt, "inputFields", oldType, oldDescription, problems);
                outputs.add(new ColumnLineage.OutputField(entry.getKey(), inputs));
            }
        }
        List<ColumnLineage.InputField> dataset = inputFields(facet, at, "dataset", null, null, problems);
        return new ColumnLineage(outputs, dataset);
    }

    private static List<ColumnLineage.InputField> inputFields(JsonNode owner, Pointer at, String field, String oldType,
                                                              String oldDescription, List<Problem> problems) {
        List<ColumnLineage.InputField> inputs = new ArrayList<>();
        eachObject(owner, at, field, problems, (input, inputAt) -> {
            // Spark leaves out the namespace of JDBC inputs; the event's inputs supply it (see EventParser).
            String namespace = optionalText(input, inputAt, "namespace", problems);
            String name = requiredText(input, inputAt, "name", problems);
            String column = requiredText(input, inputAt, "field", problems);
            List<ColumnLineage.Transformation> transformations = new ArrayList<>();
            eachObject(input, inputAt, "transformations", problems, (t, tAt) -> {
                String type = requiredText(t, tAt, "type", problems);
                String subtype = optionalText(t, tAt, "subtype", problems);
                String description = optionalText(t, tAt, "description", problems);
                JsonNode masking = present(t, "masking");
                if (masking != null && !masking.isBoolean()) {
                    problems.add(new Problem(tAt.at("masking").toString(), "expected a boolean"));
                }
                if (type != null) {
                    transformations.add(new ColumnLineage.Transformation(type, subtype == null ? "" : subtype,
                            description == null ? "" : description, masking != null && masking.asBoolean()));
                }
            });
            if (transformations.isEmpty()) {
                transformations.add(new ColumnLineage.Transformation(field.equals("dataset") ? "INDIRECT" : "DIRECT",
                        oldType == null ? "" : oldType, oldDescription == null ? "" : oldDescription, false));
            }
            if (name != null && column != null) {
                inputs.add(new ColumnLineage.InputField(namespace, name, column, transformations));
            }
        });
        return inputs;
    }

    private static void integer(JsonNode facet, Pointer at, String field, List<Problem> problems) {
        JsonNode value = present(facet, field);
        if (value != null && !value.canConvertToLong()) {
            problems.add(new Problem(at.at(field).toString(), "expected an integer"));
        } else if (value != null && !value.isIntegralNumber()) {
            problems.add(new Problem(at.at(field).toString(), "expected an integer"));
        }
    }

    interface ElementCheck {
        void check(JsonNode element, Pointer at);
    }

    /** Optional array field whose elements must be objects. */
    private static void eachObject(JsonNode owner, Pointer at, String field, List<Problem> problems, ElementCheck check) {
        JsonNode list = present(owner, field);
        if (list == null) {
            return;
        }
        if (!list.isArray()) {
            problems.add(new Problem(at.at(field).toString(), "expected an array"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            if (element == null || !element.isObject()) {
                problems.add(new Problem(at.at(field).at(i).toString(), "expected an object"));
                continue;
            }
            check.check(element, at.at(field).at(i));
        }
    }
}
