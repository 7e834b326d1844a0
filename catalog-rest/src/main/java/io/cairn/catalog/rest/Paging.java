package io.cairn.catalog.rest;

import io.cairn.catalog.CairnCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;

/**
 * Paged listings. Without {@code pageSize} the whole list comes back, as clients that do not page expect; the page
 * token is the last name of the previous page (Iceberg's own scheme), so pages stay stable while names are added.
 */
final class Paging {

    static final int MAX_PAGE_SIZE = 1000;

    private Paging() {
    }

    static ListNamespacesResponse namespaces(CairnCatalog catalog, Namespace parent, String pageToken, String pageSize) {
        checkSize(pageSize);
        if (pageToken == null && pageSize == null) {
            return CatalogHandlers.listNamespaces(catalog, parent);
        }
        return CatalogHandlers.listNamespaces(catalog, parent, pageToken, effectiveSize(pageSize));
    }

    static ListTablesResponse tables(CairnCatalog catalog, Namespace namespace, String pageToken, String pageSize) {
        checkSize(pageSize);
        if (pageToken == null && pageSize == null) {
            return CatalogHandlers.listTables(catalog, namespace);
        }
        return CatalogHandlers.listTables(catalog, namespace, pageToken, effectiveSize(pageSize));
    }

    static ListTablesResponse views(CairnCatalog catalog, Namespace namespace, String pageToken, String pageSize) {
        checkSize(pageSize);
        if (pageToken == null && pageSize == null) {
            return CatalogHandlers.listViews(catalog, namespace);
        }
        return CatalogHandlers.listViews(catalog, namespace, pageToken, effectiveSize(pageSize));
    }

    private static String effectiveSize(String pageSize) {
        return pageSize == null ? Integer.toString(MAX_PAGE_SIZE) : pageSize;
    }

    private static void checkSize(String pageSize) {
        if (pageSize == null) {
            return;
        }
        int size;
        try {
            size = Integer.parseInt(pageSize);
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid pageSize '%s': a positive integer is expected", pageSize);
        }
        if (size < 1) {
            throw new BadRequestException("Invalid pageSize %s: it must be at least 1", pageSize);
        }
    }
}
