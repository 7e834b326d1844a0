package io.cairn.catalog.rest;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.responses.CreateNamespaceResponse;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Namespaces: nested (levels joined by %1F), with properties, paged listing. */
@RestController
@RequestMapping("/iceberg/v1/{prefix}/namespaces")
public class IcebergNamespaceController {

    private final IcebergSupport support;

    public IcebergNamespaceController(IcebergSupport support) {
        this.support = support;
    }

    @GetMapping
    ResponseEntity<String> list(@PathVariable String prefix, @RequestParam(value = "parent", required = false) String parent,
                                @RequestParam(value = "pageToken", required = false) String pageToken,
                                @RequestParam(value = "pageSize", required = false) String pageSize, Actor actor) {
        actor.require(Role.READER);
        Namespace parentNamespace = IcebergSupport.namespace(parent);
        return support.ok(Paging.namespaces(support.catalog(prefix, actor), parentNamespace, pageToken, pageSize));
    }

    @PostMapping
    ResponseEntity<String> create(@PathVariable String prefix, @RequestBody(required = false) byte[] body, Actor actor,
                                  HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            CreateNamespaceRequest create = support.json().request(body, CreateNamespaceRequest.class);
            return support.ok(CatalogHandlers.createNamespace(support.catalog(prefix, actor), create));
        }, IcebergSupport.Replay.fromCurrent(committed -> {
            Namespace created = support.json().request(body, CreateNamespaceRequest.class).namespace();
            return support.ok(CreateNamespaceResponse.builder().withNamespace(created)
                    .setProperties(support.catalog(prefix, actor).loadNamespaceMetadata(created)).build());
        }));
    }

    @GetMapping("/{namespace}")
    ResponseEntity<String> load(@PathVariable String prefix, @PathVariable String namespace, Actor actor) {
        actor.require(Role.READER);
        return support.ok(CatalogHandlers.loadNamespace(support.catalog(prefix, actor), IcebergSupport.namespace(namespace)));
    }

    @RequestMapping(path = "/{namespace}", method = RequestMethod.HEAD)
    ResponseEntity<String> exists(@PathVariable String prefix, @PathVariable String namespace, Actor actor) {
        actor.require(Role.READER);
        CatalogHandlers.namespaceExists(support.catalog(prefix, actor), IcebergSupport.namespace(namespace));
        return IcebergSupport.noContent();
    }

    @DeleteMapping("/{namespace}")
    ResponseEntity<String> drop(@PathVariable String prefix, @PathVariable String namespace, Actor actor,
                                HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, null, () -> {
            CatalogHandlers.dropNamespace(support.catalog(prefix, actor), IcebergSupport.namespace(namespace));
            return IcebergSupport.noContent();
        });
    }

    @PostMapping("/{namespace}/properties")
    ResponseEntity<String> properties(@PathVariable String prefix, @PathVariable String namespace,
                                      @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        Namespace target = IcebergSupport.namespace(namespace);
        return support.mutation(request, body, () -> {
            UpdateNamespacePropertiesRequest update = support.json().request(body, UpdateNamespacePropertiesRequest.class);
            update.validate();
            Map<String, String> before = support.catalog(prefix, actor).updateProperties(target, update.updates(),
                    new HashSet<>(update.removals()));
            Set<String> missing = new LinkedHashSet<>(update.removals());
            missing.removeAll(before.keySet());
            Set<String> removed = new LinkedHashSet<>(update.removals());
            removed.removeAll(missing);
            return support.ok(UpdateNamespacePropertiesResponse.builder().addUpdated(update.updates().keySet())
                    .addRemoved(removed).addMissing(missing).build());
        }, IcebergSupport.Replay.fromCurrent(committed -> {
            // A retry after a crash that lost the first answer: which removals were missing then is not known now.
            UpdateNamespacePropertiesRequest update = support.json().request(body, UpdateNamespacePropertiesRequest.class);
            return support.ok(UpdateNamespacePropertiesResponse.builder().addUpdated(update.updates().keySet())
                    .addRemoved(update.removals()).build());
        }));
    }
}
