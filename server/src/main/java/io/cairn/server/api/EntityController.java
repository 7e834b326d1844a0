package io.cairn.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.metadata.aspect.AspectRegistry;
import io.cairn.metadata.aspect.AspectSpec;
import io.cairn.metadata.aspect.AspectValue;
import io.cairn.metadata.aspect.AspectVersion;
import io.cairn.metadata.aspect.ReadOnlyAspectException;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.store.EntityRecord;
import io.cairn.metadata.store.EntityStore;
import io.cairn.metadata.urn.Urn;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.web.ApiProblem;
import io.cairn.server.web.StrictJson;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Entities and their versioned aspects, for tools and emitters. {@code PUT} writes a new version; {@code If-Match}
 * with the current version makes the write conditional (412 when another writer came first).
 */
@RestController
@RequestMapping("/api/v1/entities")
@ConditionalOnRole(CairnRole.API)
public class EntityController {

    private final EntityStore entities;
    private final AspectRegistry aspects;
    private final StrictJson json;
    private final AspectViews views;
    private final ObjectMapper mapper;

    public EntityController(EntityStore entities, AspectRegistry aspects, StrictJson json, AspectViews views, ObjectMapper mapper) {
        this.entities = entities;
        this.aspects = aspects;
        this.json = json;
        this.views = views;
        this.mapper = mapper;
    }

    @PutMapping("/{urn}/aspects/{aspect}")
    ResponseEntity<ObjectNode> put(Actor actor, @PathVariable String urn, @PathVariable String aspect,
                                   @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                   @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                   @RequestBody(required = false) byte[] body) {
        actor.require(Role.WRITER);
        requireJson(contentType);
        Urn parsed = Urn.parse(urn);
        AspectSpec<?> spec;
        try {
            spec = aspects.requireWritable(aspect, parsed.type());
        } catch (ReadOnlyAspectException e) {
            throw new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowedException", e.getMessage());
        }
        AspectValue value = json.read(body, spec.valueType());
        AspectVersion written = entities.put(actor, parsed, spec, value, expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(Long.toString(written.version())).body(views.aspect(written));
    }

    @GetMapping("/{urn}")
    ObjectNode entity(@PathVariable String urn) {
        Urn parsed = Urn.parse(urn);
        EntityRecord entity = entities.entity(parsed).orElseThrow(() -> ApiProblem.notFound("no entity " + parsed));
        ObjectNode node = mapper.createObjectNode();
        node.put("urn", entity.urn().toString());
        node.put("type", entity.urn().type().urnName());
        node.put("createdAt", entity.createdAt().toString());
        node.put("createdBy", entity.createdBy());
        node.put("updatedAt", entity.updatedAt().toString());
        ObjectNode aspectNodes = node.putObject("aspects");
        entity.aspectVersions().keySet().forEach(name -> entities.latest(parsed, name)
                .ifPresent(version -> aspectNodes.set(name, views.aspect(version))));
        return node;
    }

    @GetMapping("/{urn}/aspects/{aspect}")
    ResponseEntity<ObjectNode> aspect(@PathVariable String urn, @PathVariable String aspect,
                                      @RequestParam(required = false) Long version) {
        Urn parsed = Urn.parse(urn);
        aspects.require(aspect, parsed.type());
        AspectVersion found = (version == null ? entities.latest(parsed, aspect) : entities.version(parsed, aspect, version))
                .orElseThrow(() -> ApiProblem.notFound("no " + (version == null ? "" : "version " + version + " of ")
                        + "aspect '" + aspect + "' on " + parsed));
        return ResponseEntity.ok().eTag(Long.toString(found.version())).body(views.aspect(found));
    }

    @GetMapping("/{urn}/aspects/{aspect}/versions")
    ObjectNode versions(@PathVariable String urn, @PathVariable String aspect,
                        @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) Long before) {
        Urn parsed = Urn.parse(urn);
        aspects.require(aspect, parsed.type());
        if (limit < 1 || limit > EntityStore.MAX_HISTORY_PAGE) {
            throw ApiProblem.badRequest("limit must be between 1 and " + EntityStore.MAX_HISTORY_PAGE);
        }
        List<AspectVersion> page = entities.history(parsed, aspect, limit, before == null ? OptionalLong.empty() : OptionalLong.of(before));
        ObjectNode node = mapper.createObjectNode();
        ArrayNode versions = node.putArray("versions");
        page.forEach(version -> versions.add(views.aspect(version)));
        if (page.size() == limit && page.get(page.size() - 1).version() > 1) {
            node.put("nextBefore", page.get(page.size() - 1).version());
        }
        return node;
    }

    private static void requireJson(String contentType) {
        if (contentType == null) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaTypeException", "Content-Type application/json is required");
        }
        MediaType type = MediaType.parseMediaType(contentType);
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaTypeException",
                    "Content-Type " + type + " is not supported; send application/json");
        }
    }

    private static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("If-Match must carry the aspect version the write expects, e.g. If-Match: \"3\"");
        }
    }
}
