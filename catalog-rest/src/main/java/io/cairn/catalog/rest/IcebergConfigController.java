package io.cairn.catalog.rest;

import io.cairn.catalog.Warehouse;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.exceptions.BadRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/config}: which warehouse a client gets (its prefix), and every endpoint Cairn serves. */
@RestController
public class IcebergConfigController {

    /**
     * Everything but remote signing and asynchronous scan planning (plans are answered whole, so there is no plan to
     * poll, cancel or fetch tasks of). Clients use only what is listed here, so a route missing from this list is a
     * route clients never call.
     */
    static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE, Endpoint.V1_NAMESPACE_EXISTS,
            Endpoint.V1_CREATE_NAMESPACE, Endpoint.V1_UPDATE_NAMESPACE, Endpoint.V1_DELETE_NAMESPACE,
            Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE, Endpoint.V1_TABLE_EXISTS, Endpoint.V1_CREATE_TABLE,
            Endpoint.V1_UPDATE_TABLE, Endpoint.V1_DELETE_TABLE, Endpoint.V1_RENAME_TABLE, Endpoint.V1_REGISTER_TABLE,
            Endpoint.V1_REPORT_METRICS, Endpoint.V1_TABLE_CREDENTIALS, Endpoint.V1_COMMIT_TRANSACTION,
            Endpoint.V1_SUBMIT_TABLE_SCAN_PLAN,
            Endpoint.V1_LIST_VIEWS, Endpoint.V1_LOAD_VIEW, Endpoint.V1_VIEW_EXISTS, Endpoint.V1_CREATE_VIEW,
            Endpoint.V1_UPDATE_VIEW, Endpoint.V1_DELETE_VIEW, Endpoint.V1_RENAME_VIEW, Endpoint.V1_REGISTER_VIEW);

    private final IcebergSupport support;

    public IcebergConfigController(IcebergSupport support) {
        this.support = support;
    }

    @GetMapping("/iceberg/v1/config")
    ResponseEntity<String> config(@RequestParam(value = "warehouse", required = false) String warehouseName, Actor actor) {
        actor.require(Role.READER);
        Warehouse warehouse = warehouseName == null || warehouseName.isBlank()
                ? support.catalogs().warehouses().defaultWarehouse()
                : support.catalogs().warehouses().find(warehouseName).orElseThrow(() -> new BadRequestException(
                        "Unknown warehouse '%s'; this Cairn serves %s", warehouseName,
                        support.catalogs().warehouses().all().stream().map(Warehouse::name).toList()));
        ConfigResponse response = ConfigResponse.builder()
                .withDefaults(clientDefaults(warehouse))
                .withOverride("prefix", warehouse.name())
                .withEndpoints(ENDPOINTS)
                .withIdempotencyKeyLifetime(support.idempotency().lifetime().toString())
                .build();
        return support.ok(response);
    }

    /** Storage settings clients need to reach the warehouse (endpoint, region, path style), never secrets. */
    private static Map<String, String> clientDefaults(Warehouse warehouse) {
        Map<String, String> defaults = new java.util.HashMap<>();
        warehouse.ioProperties().forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.contains("secret") && !lower.contains("key") && !lower.contains("token") && !lower.contains("password")) {
                defaults.put(key, value);
            }
        });
        return defaults;
    }
}
