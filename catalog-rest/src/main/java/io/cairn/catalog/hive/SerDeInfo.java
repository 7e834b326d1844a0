package io.cairn.catalog.hive;

import java.util.Map;

/** How rows are (de)serialised: the SerDe class ({@code serializationLibrary}) and its parameters. */
public record SerDeInfo(String name, String serializationLibrary, Map<String, String> parameters) {

    public SerDeInfo {
        parameters = Maps.copy(parameters);
    }
}
