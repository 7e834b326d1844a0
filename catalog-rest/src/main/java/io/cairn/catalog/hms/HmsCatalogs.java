package io.cairn.catalog.hms;

import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.Catalogs;
import io.cairn.catalog.Warehouse;
import io.cairn.metadata.auth.Actor;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;

/**
 * Metastore catalogs are Cairn warehouses: the Hive default catalog {@code hive} is the default warehouse, any other
 * catalog name a client sends must name a configured warehouse.
 */
final class HmsCatalogs {

    private final Catalogs catalogs;

    HmsCatalogs(Catalogs catalogs) {
        this.catalogs = catalogs;
    }

    Catalogs catalogs() {
        return catalogs;
    }

    Warehouse warehouse(String catalogName) throws NoSuchObjectException {
        if (catalogName == null || catalogName.isBlank() || catalogName.equalsIgnoreCase(HmsNames.DEFAULT_CATALOG)) {
            return catalogs.warehouses().defaultWarehouse();
        }
        return catalogs.warehouses().find(catalogName)
                .orElseThrow(() -> new NoSuchObjectException("Catalog " + catalogName + " does not exist"));
    }

    /** The name clients see for a warehouse. */
    String catalogName(Warehouse warehouse) {
        return warehouse.name().equals(catalogs.warehouses().defaultWarehouse().name()) ? HmsNames.DEFAULT_CATALOG : warehouse.name();
    }

    CairnCatalog catalog(Warehouse warehouse, Actor actor) {
        return catalogs.catalog(warehouse, actor);
    }
}
