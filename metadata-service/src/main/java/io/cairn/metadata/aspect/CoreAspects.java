package io.cairn.metadata.aspect;

import io.cairn.metadata.urn.EntityType;
import java.util.EnumSet;
import java.util.List;

/** The aspects every entity can carry. Catalog, lineage and governance add their own. */
public final class CoreAspects {

    public static final AspectSpec<Description> DESCRIPTION =
            new AspectSpec<>("description", Description.class, EnumSet.allOf(EntityType.class));
    public static final AspectSpec<CustomProperties> CUSTOM_PROPERTIES =
            new AspectSpec<>("customProperties", CustomProperties.class, EnumSet.allOf(EntityType.class));
    public static final AspectSpec<Status> STATUS =
            new AspectSpec<>("status", Status.class, EnumSet.allOf(EntityType.class));

    private CoreAspects() {
    }

    public static AspectSet aspectSet() {
        return new AspectSet("metadata-service", all());
    }

    public static List<AspectSpec<?>> all() {
        return List.of(DESCRIPTION, CUSTOM_PROPERTIES, STATUS);
    }
}
