package io.cairn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.PlanStatus;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans made here are the plans Iceberg's own scan makes in the engine, on a real (in-memory) Iceberg table. */
class ScanPlannerTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "category", Types.StringType.get()));
    private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

    private Table table;
    private long firstSnapshot;
    private long secondSnapshot;

    @BeforeEach
    void table() {
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("memory", Map.of());
        catalog.createNamespace(Namespace.of("db"));
        table = catalog.createTable(TableIdentifier.of("db", "orders"), SCHEMA, SPEC, Map.of(TableProperties.FORMAT_VERSION, "2"));
        table.newFastAppend().appendFile(file("a-low", "a", 0, 99)).appendFile(file("b-low", "b", 0, 99)).commit();
        firstSnapshot = table.currentSnapshot().snapshotId();
        table.newFastAppend().appendFile(file("a-high", "a", 100, 199)).appendFile(file("b-high", "b", 100, 199)).commit();
        secondSnapshot = table.currentSnapshot().snapshotId();
        DeleteFile deletes = FileMetadata.deleteFileBuilder(SPEC).ofPositionDeletes()
                .withPath("memory://db/orders/data/category=a/deletes.parquet").withFormat("parquet")
                .withFileSizeInBytes(100).withRecordCount(3).withPartitionPath("category=a").build();
        table.newRowDelta().addDeletes(deletes).commit();
    }

    @Test
    void aFilteredPlanIsTheEnginesOwnPlanWithItsDeleteFiles() throws IOException {
        Expression filter = Expressions.and(Expressions.equal("category", "a"), Expressions.greaterThanOrEqual("id", 150L));
        PlanTableScanResponse plan = new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withFilter(filter).withSelect(List.of("id")).build(), List.of());

        assertThat(plan.planStatus()).isEqualTo(PlanStatus.COMPLETED);
        assertThat(plan.planId()).as("nothing kept to poll").isNull();
        assertThat(paths(plan.fileScanTasks())).containsExactly("memory://db/orders/data/category=a/a-high.parquet");
        assertThat(plan.fileScanTasks().get(0).deletes()).extracting(d -> d.location())
                .containsExactly("memory://db/orders/data/category=a/deletes.parquet");
        try (CloseableIterable<FileScanTask> engines = table.newScan().filter(filter).planFiles()) {
            assertThat(paths(plan.fileScanTasks())).isEqualTo(paths(engines));
        }
    }

    @Test
    void snapshotsAndIncrementalAppendsAreThoseAsked() {
        PlanTableScanResponse old = new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withSnapshotId(firstSnapshot).build(), List.of());
        assertThat(names(old)).containsExactly("a-low", "b-low");
        assertThat(old.fileScanTasks()).allSatisfy(task -> assertThat(task.deletes()).isEmpty());

        // The spec's start-snapshot-id is exclusive: the appends after the first snapshot, up to the second.
        PlanTableScanResponse appended = new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withStartSnapshotId(firstSnapshot).withEndSnapshotId(secondSnapshot).build(), List.of());
        assertThat(names(appended)).containsExactly("a-high", "b-high");
    }

    @Test
    void aLimitStopsPlanningOnlyOnceTheRowsAreCertain() {
        PlanTableScanResponse unfiltered = new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withFilter(Expressions.equal("category", "b")).withMinRowsRequested(5L).build(), List.of());
        assertThat(unfiltered.fileScanTasks()).as("one undeleted file of 10 rows is enough").hasSize(1);

        PlanTableScanResponse withResidual = new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withFilter(Expressions.lessThan("id", 150L)).withMinRowsRequested(5L).build(), List.of());
        assertThat(names(withResidual)).as("rows a residual filter may drop count for nothing")
                .containsExactlyInAnyOrder("a-low", "b-low", "a-high", "b-high");
    }

    @Test
    void aPlanTooLargeToAnswerFailsAsTheSpecSaysAndBadFiltersAreRefused() {
        PlanTableScanResponse plan = new ScanPlanner(3).plan(table, PlanTableScanRequest.builder().build(), List.of());
        assertThat(plan.planStatus()).isEqualTo(PlanStatus.FAILED);
        assertThat(plan.fileScanTasks()).isNull();
        assertThat(plan.errorResponse().message()).contains("more than 3 file scan tasks", "scan-planning-mode=client");
        plan.validate();

        assertThatThrownBy(() -> new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withFilter(Expressions.equal("no_such_column", 1)).build(), List.of()))
                .isInstanceOf(ValidationException.class);
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("memory", Map.of());
        catalog.createNamespace(Namespace.of("db"));
        Table empty = catalog.createTable(TableIdentifier.of("db", "empty"), SCHEMA);
        assertThatThrownBy(() -> new ScanPlanner(100).plan(empty,
                PlanTableScanRequest.builder().withFilter(Expressions.equal("no_such_column", 1)).build(), List.of()))
                .as("refused even where no manifest is read").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new ScanPlanner(100).plan(table,
                PlanTableScanRequest.builder().withSnapshotId(1L).withStartSnapshotId(2L).withEndSnapshotId(3L).build(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DataFile file(String name, String category, long minId, long maxId) {
        return DataFiles.builder(SPEC)
                .withPath("memory://db/orders/data/category=" + category + "/" + name + ".parquet")
                .withFormat("parquet")
                .withFileSizeInBytes(1_000)
                .withPartitionPath("category=" + category)
                .withMetrics(new Metrics(10L, null, Map.of(1, 10L), Map.of(1, 0L), null,
                        Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), minId)),
                        Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), maxId))))
                .build();
    }

    private static Set<String> paths(Iterable<FileScanTask> tasks) {
        Set<String> paths = new TreeSet<>();
        tasks.forEach(task -> paths.add(task.file().location()));
        return paths;
    }

    private static List<String> names(PlanTableScanResponse plan) {
        return plan.fileScanTasks().stream().map(task -> task.file().location())
                .map(path -> path.substring(path.lastIndexOf('/') + 1, path.length() - ".parquet".length()))
                .sorted().collect(Collectors.toList());
    }
}
