package io.cairn.catalog.rest;

import io.cairn.catalog.Warehouse;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import org.apache.iceberg.Table;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/plan}: server-side scan planning for engines that
 * set {@code scan-planning-mode=server}. Plans are answered whole and at once (see {@link ScanPlanner}), so the
 * asynchronous routes (poll, fetch plan tasks, cancel) are not served and not advertised.
 */
@RestController
@RequestMapping("/iceberg/v1/{prefix}")
public class IcebergScanPlanController {

    /** About 20-40 MB of JSON; beyond it the engine plans the scan itself (client-side planning streams). */
    static final int MAX_PLANNED_TASKS = 20_000;

    private final IcebergSupport support;
    private final ScanPlanner planner = new ScanPlanner(MAX_PLANNED_TASKS);

    public IcebergScanPlanController(IcebergSupport support) {
        this.support = support;
    }

    @PostMapping("/namespaces/{namespace}/tables/{table}/plan")
    ResponseEntity<String> plan(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                @RequestBody(required = false) byte[] body,
                                @RequestHeader(value = "X-Iceberg-Access-Delegation", required = false) String delegation,
                                Actor actor) {
        actor.require(Role.READER);
        PlanTableScanRequest request = support.json().request(body, PlanTableScanRequest.class);
        Warehouse warehouse = support.warehouse(prefix);
        Table loaded = support.catalog(prefix, actor).loadTable(IcebergSupport.identifier(namespace, table));
        return support.ok(planner.plan(loaded, request, StorageCredentials.vended(warehouse, delegation)));
    }
}
