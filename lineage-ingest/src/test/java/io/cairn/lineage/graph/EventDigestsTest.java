package io.cairn.lineage.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lineage.model.ColumnLineage;
import io.cairn.lineage.model.ColumnLineage.InputField;
import io.cairn.lineage.model.ColumnLineage.OutputField;
import io.cairn.lineage.model.ColumnLineage.Transformation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column-lineage set hashes are stored: the bytes they are computed from must not move. */
class EventDigestsTest {

    private static final Transformation SUM = new Transformation("DIRECT", "AGGREGATION", "sum of amounts", false);
    private static final Transformation JOIN = new Transformation("INDIRECT", "JOIN", null, true);

    @Test
    void theSetHashIsTheSha256OfTheSortedLinesWhateverTheFacetsOrder() throws Exception {
        ColumnLineage lineage = new ColumnLineage(
                List.of(new OutputField("total", List.of(new InputField(" warehouse ", "orders", "amount", List.of(SUM)))),
                        new OutputField("id", List.of(new InputField("warehouse", "orders", "id", List.of(JOIN))))),
                List.of(new InputField("warehouse", "customers", "region", List.of(JOIN))));
        ColumnLineage reordered = new ColumnLineage(List.of(lineage.fields().get(1), lineage.fields().get(0)), lineage.dataset());

        String lines = String.join("\n",
                "D\u0000\u0000openlineage:warehouse|customers\u0000region\u0000INDIRECT\u0000JOIN\u0000null\u0000true",
                "F\u0000id\u0000openlineage:warehouse|orders\u0000id\u0000INDIRECT\u0000JOIN\u0000null\u0000true",
                "F\u0000total\u0000openlineage:warehouse|orders\u0000amount\u0000DIRECT\u0000AGGREGATION\u0000sum of amounts\u0000false");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lines.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);

        assertThat(EventDigests.lineageHash(lineage)).isEqualTo(expected);
        assertThat(EventDigests.lineageHash(reordered)).isEqualTo(expected);
    }

    @Test
    void anyChangeOfATransformationChangesTheHash() {
        ColumnLineage sum = new ColumnLineage(
                List.of(new OutputField("total", List.of(new InputField("warehouse", "orders", "amount", List.of(SUM))))), List.of());
        ColumnLineage masked = new ColumnLineage(List.of(new OutputField("total", List.of(new InputField("warehouse", "orders", "amount",
                List.of(new Transformation("DIRECT", "AGGREGATION", "sum of amounts", true)))))), List.of());
        assertThat(EventDigests.lineageHash(sum)).isNotEqualTo(EventDigests.lineageHash(masked));
    }
}
