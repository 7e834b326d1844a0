package io.cairn.catalog.rest;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ImmutableLoadViewResponse;
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

/** Views: list, create, load, HEAD, replace (commit), drop, rename, register. */
@RestController
@RequestMapping("/iceberg/v1/{prefix}")
public class IcebergViewController {

    private final IcebergSupport support;

    public IcebergViewController(IcebergSupport support) {
        this.support = support;
    }

    @GetMapping("/namespaces/{namespace}/views")
    ResponseEntity<String> list(@PathVariable String prefix, @PathVariable String namespace,
                                @RequestParam(value = "pageToken", required = false) String pageToken,
                                @RequestParam(value = "pageSize", required = false) String pageSize, Actor actor) {
        actor.require(Role.READER);
        return support.ok(Paging.views(support.catalog(prefix, actor), IcebergSupport.namespace(namespace), pageToken, pageSize));
    }

    @PostMapping("/namespaces/{namespace}/views")
    ResponseEntity<String> create(@PathVariable String prefix, @PathVariable String namespace,
                                  @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            CreateViewRequest create = support.json().request(body, CreateViewRequest.class);
            return support.ok(CatalogHandlers.createView(support.catalog(prefix, actor), IcebergSupport.namespace(namespace), create));
        }, viewAnswer(prefix));
    }

    @GetMapping("/namespaces/{namespace}/views/{view}")
    ResponseEntity<String> load(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String view, Actor actor) {
        actor.require(Role.READER);
        return support.ok(CatalogHandlers.loadView(support.catalog(prefix, actor), IcebergSupport.identifier(namespace, view)));
    }

    @RequestMapping(path = "/namespaces/{namespace}/views/{view}", method = RequestMethod.HEAD)
    ResponseEntity<String> exists(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String view,
                                  Actor actor) {
        actor.require(Role.READER);
        CatalogHandlers.viewExists(support.catalog(prefix, actor), IcebergSupport.identifier(namespace, view));
        return IcebergSupport.noContent();
    }

    @PostMapping("/namespaces/{namespace}/views/{view}")
    ResponseEntity<String> replace(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String view,
                                   @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            UpdateTableRequest update = support.json().request(body, UpdateTableRequest.class);
            return support.ok(CatalogHandlers.updateView(support.catalog(prefix, actor), IcebergSupport.identifier(namespace, view), update));
        }, viewAnswer(prefix));
    }

    @DeleteMapping("/namespaces/{namespace}/views/{view}")
    ResponseEntity<String> drop(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String view,
                                Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, null, () -> {
            CatalogHandlers.dropView(support.catalog(prefix, actor), IcebergSupport.identifier(namespace, view));
            return IcebergSupport.noContent();
        });
    }

    @PostMapping("/views/rename")
    ResponseEntity<String> rename(@PathVariable String prefix, @RequestBody(required = false) byte[] body, Actor actor,
                                  HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            CatalogHandlers.renameView(support.catalog(prefix, actor), support.json().request(body, RenameTableRequest.class));
            return IcebergSupport.noContent();
        });
    }

    @PostMapping("/namespaces/{namespace}/register-view")
    ResponseEntity<String> register(@PathVariable String prefix, @PathVariable String namespace,
                                    @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            RegisterViewRequest register = support.json().request(body, RegisterViewRequest.class);
            return support.ok(CatalogHandlers.registerView(support.catalog(prefix, actor), IcebergSupport.namespace(namespace), register));
        }, viewAnswer(prefix));
    }

    /** The answer of a committed view change, rebuilt from the metadata file it produced (for a retry). */
    private IcebergSupport.Replay viewAnswer(String prefix) {
        return IcebergSupport.Replay.fromCommitted(metadataLocation -> support.ok(ImmutableLoadViewResponse.builder()
                .metadata(support.catalogs().viewMetadata(support.warehouse(prefix), metadataLocation))
                .metadataLocation(metadataLocation).build()));
    }
}
