package io.cairn.catalog.glue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Glue resource tags ({@code TagResource}, {@code UntagResource}, {@code GetTags}), kept by resource ARN on
 * {@code (:GlueResourceTags {arn})} with a change event on the resource's entity, so the audit log shows them. At
 * most {@value #MAX_TAGS} tags per resource, as Glue allows.
 */
final class GlueTags {

    static final int MAX_TAGS = 50;
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private final GraphStore store;
    private final ObjectMapper mapper = new ObjectMapper();

    GlueTags(GraphStore store) {
        this.store = store;
    }

    Map<String, String> tags(Actor actor, String arn) {
        actor.require(Role.READER);
        return store.read(tx -> tx.run("MATCH (t:GlueResourceTags {arn: $arn}) RETURN t.tags AS tags", Map.of("arn", arn))
                .list(r -> read(r.get("tags").asString())).stream().findFirst().orElseGet(TreeMap::new));
    }

    /** Adds and removes tags in one unit of work; {@code entity} is the resource's entity for the change event. */
    Map<String, String> change(Actor actor, String arn, Urn entity, Map<String, String> add, List<String> remove) {
        actor.require(Role.WRITER);
        for (Map.Entry<String, String> tag : add.entrySet()) {
            if (tag.getKey() == null || tag.getKey().isEmpty() || tag.getKey().length() > 128) {
                throw GlueException.invalidInput("tag keys are 1 to 128 characters");
            }
            if (tag.getValue() != null && tag.getValue().length() > 256) {
                throw GlueException.invalidInput("tag values are at most 256 characters");
            }
        }
        return store.write(actor, unit -> {
            TreeMap<String, String> before = unit.tx().run("""
                    MERGE (t:GlueResourceTags {arn: $arn}) ON CREATE SET t.tags = '{}'
                    SET t.updatedAt = $now RETURN t.tags AS tags
                    """, Map.of("arn", arn, "now", unit.now().toEpochMilli())).single().get("tags").asString("{}").transform(this::read);
            TreeMap<String, String> after = new TreeMap<>(before);
            remove.forEach(after::remove);
            add.forEach((key, value) -> after.put(key, value == null ? "" : value));
            if (after.size() > MAX_TAGS) {
                throw GlueException.invalidInput("a resource can have at most " + MAX_TAGS + " tags");
            }
            String json = write(after);
            unit.tx().run("MATCH (t:GlueResourceTags {arn: $arn}) SET t.tags = $tags", Map.of("arn", arn, "tags", json)).consume();
            unit.recordChange(new ChangeDraft(entity, "glueTags", unit.now().toEpochMilli(), ChangeType.UPSERT, write(before), json));
            return after;
        });
    }

    private TreeMap<String, String> read(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (Exception e) {
            return new TreeMap<>();
        }
    }

    private String write(Map<String, String> tags) {
        try {
            return mapper.writeValueAsString(new TreeMap<>(tags));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
