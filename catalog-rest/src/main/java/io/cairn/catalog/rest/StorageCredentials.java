package io.cairn.catalog.rest;

import io.cairn.catalog.Warehouse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.credentials.ImmutableCredential;

/**
 * Storage credentials handed to authorised clients. Local {@code file:} storage needs none; an object-store
 * warehouse hands out the storage settings it was configured with ({@code s3.*}, {@code client.*}), scoped to the
 * warehouse location, so engines need no storage secrets of their own.
 */
final class StorageCredentials {

    private StorageCredentials() {
    }

    /**
     * The credentials to vend with an answer: the warehouse's, when the client asked for vended credentials in its
     * {@code X-Iceberg-Access-Delegation} header (null when absent), else none.
     */
    static List<Credential> vended(Warehouse warehouse, String accessDelegation) {
        return accessDelegation != null && accessDelegation.contains("vended-credentials") ? forWarehouse(warehouse) : List.of();
    }

    static List<Credential> forWarehouse(Warehouse warehouse) {
        if (warehouse.isLocal()) {
            return List.of();
        }
        Map<String, String> config = new TreeMap<>();
        warehouse.ioProperties().forEach((key, value) -> {
            if (key.startsWith("s3.") || key.startsWith("client.")) {
                config.put(key, value);
            }
        });
        if (config.isEmpty()) {
            return List.of();
        }
        return List.of(ImmutableCredential.builder().prefix(warehouse.location()).config(config).build());
    }
}
