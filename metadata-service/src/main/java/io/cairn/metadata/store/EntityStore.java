package io.cairn.metadata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.aspect.AspectSpec;
import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * Entities and their versioned aspects. Each aspect write adds version n+1 beside the earlier ones, which stay
 * readable; writers of one entity are serialised by the write lock that touching the entity node takes.
 */
public final class EntityStore {

    public static final int MAX_HISTORY_PAGE = 200;

    private final GraphStore store;
    private final ObjectMapper mapper;

    public EntityStore(GraphStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    /**
     * Writes a new version of an aspect, creating the entity if it does not exist. With {@code expectedVersion}
     * the write only happens if the current version is that one (0 = the aspect must not exist yet).
     */
    public AspectVersion put(Actor actor, Urn urn, AspectSpec<?> spec, AspectValue value, OptionalLong expectedVersion) {
        actor.require(Role.WRITER);
        if (!spec.valueType().isInstance(value)) {
            throw new IllegalArgumentException("value of aspect " + spec.name() + " must be a " + spec.valueType().getSimpleName());
        }
        if (!spec.appliesTo(urn.type())) {
            throw new InvalidAspectException("aspect '" + spec.name() + "' does not apply to " + urn.type().urnName() + " entities");
        }
        String json = toJson(value);
        return store.write(actor, unit -> writeVersion(unit, urn, spec.name(), json, expectedVersion));
    }

    /**
     * Adds version n+1 of an aspect inside a unit of work that is already open (other stores compose it with their
     * own checks), creating the entity if needed and recording the change. {@code valueJson} must be the aspect's
     * JSON as its value type writes it.
     */
    public static AspectVersion writeVersion(WriteTransaction unit, Urn urn, String aspect, String valueJson,
                                             OptionalLong expectedVersion) {
        return write(unit, urn, aspect, valueJson, expectedVersion, false).orElseThrow();
    }

    /**
     * {@link #writeVersion}, but only when the value differs from the current one, so the aspect's history is the
     * history of real changes (the catalog's schema and snapshot history); empty when nothing was written.
     */
    public static Optional<AspectVersion> writeVersionIfChanged(WriteTransaction unit, Urn urn, String aspect, String valueJson) {
        return write(unit, urn, aspect, valueJson, OptionalLong.empty(), true);
    }

    private static Optional<AspectVersion> write(WriteTransaction unit, Urn urn, String aspect, String valueJson,
                                                 OptionalLong expectedVersion, boolean skipUnchanged) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", urn.toString());
        parameters.put("type", urn.type().urnName());
        parameters.put("name", aspect);
        parameters.put("now", unit.now().toEpochMilli());
        parameters.put("principal", unit.actor().principal().toString());
        // The label comes from a closed enum, never from input, so concatenating it is safe.
        Record current = unit.tx().run("MERGE (e:Entity {urn: $urn}) ON CREATE SET e:" + urn.type().label() + """
                , e.type = $type, e.createdAt = $now, e.createdBy = $principal
                SET e.updatedAt = $now
                WITH e
                OPTIONAL MATCH (a:Aspect {urn: $urn, name: $name, latest: true})
                RETURN a.version AS version, a.value AS value
                """, parameters).single();
        long currentVersion = current.get("version").isNull() ? 0 : current.get("version").asLong();
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != currentVersion) {
            throw new VersionConflictException("aspect " + aspect + " of " + urn + " is at version " + currentVersion
                    + ", not " + expectedVersion.getAsLong(), currentVersion);
        }
        String before = current.get("value").isNull() ? null : current.get("value").asString();
        if (skipUnchanged && valueJson.equals(before)) {
            return Optional.empty();
        }
        long version = currentVersion + 1;
        parameters.put("version", version);
        parameters.put("value", valueJson);
        unit.tx().run("""
                MATCH (e:Entity {urn: $urn})
                OPTIONAL MATCH (old:Aspect {urn: $urn, name: $name, latest: true})
                SET old.latest = false
                WITH DISTINCT e
                CREATE (e)-[:HAS_ASPECT]->(:Aspect {urn: $urn, name: $name, version: $version, value: $value,
                                                   createdAt: $now, createdBy: $principal, latest: true})
                """, parameters).consume();
        unit.recordChange(new ChangeDraft(urn, aspect, version, ChangeType.UPSERT, before, valueJson));
        return Optional.of(new AspectVersion(urn, aspect, version, valueJson, unit.now(), unit.actor().principal().toString()));
    }

    public Optional<AspectVersion> latest(Urn urn, String aspect) {
        return store.read(tx -> tx.run("""
                MATCH (a:Aspect {urn: $urn, name: $name, latest: true}) RETURN a
                """, Map.of("urn", urn.toString(), "name", aspect)).list(record -> toVersion(urn, record.get("a"))))
                .stream().findFirst();
    }

    public Optional<AspectVersion> version(Urn urn, String aspect, long version) {
        return store.read(tx -> tx.run("""
                MATCH (a:Aspect {urn: $urn, name: $name, version: $version}) RETURN a
                """, Map.of("urn", urn.toString(), "name", aspect, "version", version))
                .list(record -> toVersion(urn, record.get("a"))))
                .stream().findFirst();
    }

    /** Versions newest first, below {@code beforeVersion} when given; at most {@code limit}. */
    public List<AspectVersion> history(Urn urn, String aspect, int limit, OptionalLong beforeVersion) {
        int bounded = Math.max(1, Math.min(limit, MAX_HISTORY_PAGE));
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("urn", urn.toString());
        parameters.put("name", aspect);
        parameters.put("before", beforeVersion.isPresent() ? beforeVersion.getAsLong() : Long.MAX_VALUE);
        parameters.put("limit", bounded);
        return store.read(tx -> tx.run("""
                MATCH (a:Aspect {urn: $urn, name: $name}) WHERE a.version < $before
                RETURN a ORDER BY a.version DESC LIMIT $limit
                """, parameters).list(record -> toVersion(urn, record.get("a"))));
    }

    public Optional<EntityRecord> entity(Urn urn) {
        return store.read(tx -> tx.run("""
                MATCH (e:Entity {urn: $urn})
                OPTIONAL MATCH (e)-[:HAS_ASPECT]->(a:Aspect {latest: true})
                RETURN e, collect([a.name, a.version]) AS aspects
                """, Map.of("urn", urn.toString())).list(record -> {
            Value entity = record.get("e");
            Map<String, Long> versions = new HashMap<>();
            for (Value pair : record.get("aspects").values()) {
                if (!pair.get(0).isNull()) {
                    versions.put(pair.get(0).asString(), pair.get(1).asLong());
                }
            }
            return new EntityRecord(urn,
                    Instant.ofEpochMilli(entity.get("createdAt").asLong()),
                    entity.get("createdBy").asString(),
                    Instant.ofEpochMilli(entity.get("updatedAt").asLong()),
                    versions);
        })).stream().findFirst();
    }

    private static AspectVersion toVersion(Urn urn, Value node) {
        return new AspectVersion(urn, node.get("name").asString(), node.get("version").asLong(), node.get("value").asString(),
                Instant.ofEpochMilli(node.get("createdAt").asLong()), node.get("createdBy").asString());
    }

    private String toJson(AspectValue value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
