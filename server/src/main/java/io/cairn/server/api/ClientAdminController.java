package io.cairn.server.api;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.ClientInfo;
import io.cairn.metadata.auth.ClientRegistry;
import io.cairn.metadata.auth.NewClient;
import io.cairn.metadata.auth.Role;
import io.cairn.server.config.CairnRole;
import io.cairn.server.config.ConditionalOnRole;
import io.cairn.server.web.StrictJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API clients: admins create them (the secret is returned once) and revoke them. */
@RestController
@RequestMapping("/api/v1/admin/clients")
@ConditionalOnRole(CairnRole.API)
public class ClientAdminController {

    /** The request body of client creation. */
    public record CreateClient(String clientId, String role, String description) {
    }

    private final ClientRegistry clients;
    private final Authenticator authenticator;
    private final StrictJson json;

    public ClientAdminController(ClientRegistry clients, Authenticator authenticator, StrictJson json) {
        this.clients = clients;
        this.authenticator = authenticator;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(Actor actor, @RequestBody(required = false) byte[] body) {
        actor.require(Role.ADMIN);
        CreateClient request = json.read(body, CreateClient.class);
        if (request.role() == null) {
            throw new IllegalArgumentException("role is required (reader, writer or admin)");
        }
        NewClient created = clients.create(actor, Optional.ofNullable(request.clientId()), Role.fromWireName(request.role()),
                request.description());
        Map<String, Object> view = view(created.client());
        view.put("clientSecret", created.secret());
        view.put("credential", created.client().clientId() + ":" + created.secret());
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @GetMapping
    Map<String, Object> list(Actor actor) {
        actor.require(Role.ADMIN);
        List<Map<String, Object>> views = clients.list().stream().map(ClientAdminController::view).toList();
        return Map.of("clients", views);
    }

    @DeleteMapping("/{clientId}")
    Map<String, Object> revoke(Actor actor, @PathVariable String clientId) {
        actor.require(Role.ADMIN);
        ClientInfo revoked = clients.revoke(actor, clientId);
        authenticator.forget(clientId);
        return view(revoked);
    }

    private static Map<String, Object> view(ClientInfo client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", client.clientId());
        view.put("role", client.role().wireName());
        view.put("description", client.description());
        view.put("revoked", client.revoked());
        view.put("createdAt", client.createdAt().toString());
        view.put("createdBy", client.createdBy());
        return view;
    }
}
