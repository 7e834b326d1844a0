package io.cairn.catalog.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.IncrementalAppendScan;
import org.apache.iceberg.Scan;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.PlanStatus;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;

/**
 * Server-side scan planning ({@code POST .../tables/{table}/plan}): the scan a client describes is planned here with
 * Iceberg's own {@link TableScan} (partition and metrics pruning, residuals, delete files) and answered at once,
 * every file scan task in the response.
 *
 * <p>Planning is synchronous and keeps nothing between requests, so there is no plan id to poll, cancel or lose when
 * a node restarts: iceberg-core's own handler keeps plans in a static map that never expires. The price is that a plan
 * is answered whole; a plan of more than {@code maxTasks} tasks fails (status {@code failed}, the spec's way) with a
 * message telling the engine to plan that scan itself, rather than growing one answer without bound.
 */
final class ScanPlanner {

    private final int maxTasks;

    ScanPlanner(int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be positive");
        }
        this.maxTasks = maxTasks;
    }

    /** @param credentials storage credentials for the engine to read the planned files with (vended), or none */
    PlanTableScanResponse plan(Table table, PlanTableScanRequest request, List<Credential> credentials) {
        request.validate();
        Scan<?, FileScanTask, ?> scan = configure(table, request);
        if (request.filter() != null) {
            // The scan binds its filter only when it reads a manifest, so a bad filter on an empty table would pass.
            Binder.bind(schemaOf(table, request).asStruct(), request.filter(), request.caseSensitive());
        }
        List<FileScanTask> tasks = new ArrayList<>();
        long certainRows = 0;
        try (CloseableIterable<FileScanTask> planned = scan.planFiles()) {
            for (FileScanTask task : planned) {
                if (tasks.size() == maxTasks) {
                    return tooLarge(table);
                }
                tasks.add(task);
                certainRows += certainRows(task);
                if (request.minRowsRequested() != null && certainRows >= request.minRowsRequested()) {
                    // The engine needs no more rows than this (a LIMIT), and these tasks surely give them.
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PlanTableScanResponse.builder()
                .withPlanStatus(PlanStatus.COMPLETED)
                .withFileScanTasks(tasks)
                .withCredentials(credentials)
                .withSpecsById(table.specs())
                .build();
    }

    /**
     * The rows a task gives for certain: all of its file's when no filter is left to apply to them and no delete
     * removes any, else none (a task whose rows the filter or deletes may remove cannot count towards a LIMIT).
     */
    private static long certainRows(FileScanTask task) {
        return task.residual().op() == Expression.Operation.TRUE && task.deletes().isEmpty() ? task.file().recordCount() : 0;
    }

    private PlanTableScanResponse tooLarge(Table table) {
        return PlanTableScanResponse.builder()
                .withPlanStatus(PlanStatus.FAILED)
                .withErrorResponse(ErrorResponse.builder()
                        .responseCode(400)
                        .withType("BadRequestException")
                        .withMessage(String.format("The scan of %s has more than %d file scan tasks, more than Cairn answers "
                                + "in one response; plan it in the engine (scan-planning-mode=client)", table.name(), maxTasks))
                        .build())
                .withSpecsById(table.specs())
                .build();
    }

    /** The schema the scan reads with: a snapshot's own when one is named (as Iceberg's scan does), else the table's. */
    private static Schema schemaOf(Table table, PlanTableScanRequest request) {
        if (request.snapshotId() == null) {
            return table.schema();
        }
        Integer schemaId = table.snapshot(request.snapshotId()).schemaId();
        return schemaId == null ? table.schema() : table.schemas().get(schemaId);
    }

    private static Scan<?, FileScanTask, ?> configure(Table table, PlanTableScanRequest request) {
        if (request.startSnapshotId() != null) {
            IncrementalAppendScan appends = table.newIncrementalAppendScan()
                    .fromSnapshotExclusive(request.startSnapshotId())
                    .toSnapshot(request.endSnapshotId());
            return narrow(appends, request);
        }
        TableScan scan = table.newScan();
        if (request.snapshotId() != null) {
            scan = scan.useSnapshot(request.snapshotId());
        }
        return narrow(scan, request);
    }

    private static <T extends Scan<T, FileScanTask, ?>> T narrow(T scan, PlanTableScanRequest request) {
        T narrowed = scan.caseSensitive(request.caseSensitive());
        if (request.select() != null) {
            narrowed = narrowed.select(request.select());
        }
        if (request.filter() != null) {
            narrowed = narrowed.filter(request.filter());
        }
        if (request.statsFields() != null) {
            narrowed = narrowed.includeColumnStats(request.statsFields());
        }
        return narrowed;
    }
}
