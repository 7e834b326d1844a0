package io.cairn.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The warehouses this Cairn serves, and which one a client gets when it names none. */
public final class Warehouses {

    private final Map<String, Warehouse> byName;
    private final Warehouse defaultWarehouse;

    public Warehouses(Warehouse defaultWarehouse, Collection<Warehouse> others) {
        Map<String, Warehouse> all = new LinkedHashMap<>();
        all.put(defaultWarehouse.name(), defaultWarehouse);
        for (Warehouse warehouse : others) {
            if (all.putIfAbsent(warehouse.name(), warehouse) != null) {
                throw new IllegalArgumentException("warehouse declared twice: " + warehouse.name());
            }
        }
        this.byName = Map.copyOf(all);
        this.defaultWarehouse = defaultWarehouse;
    }

    public Warehouse defaultWarehouse() {
        return defaultWarehouse;
    }

    public Optional<Warehouse> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Warehouse> all() {
        return byName.values();
    }
}
