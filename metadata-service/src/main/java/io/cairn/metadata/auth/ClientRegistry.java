package io.cairn.metadata.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.metadata.changelog.ChangeDraft;
import io.cairn.metadata.changelog.ChangeType;
import io.cairn.metadata.store.GraphStore;
import io.cairn.metadata.store.WriteTransaction;
import io.cairn.metadata.urn.PrincipalKind;
import io.cairn.metadata.urn.Urn;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Value;

/**
 * API clients other than root, stored as principal entities in Neo4j with hashed secrets. Creating and revoking
 * clients goes through the change log, so the audit log shows who granted or took away access.
 */
public final class ClientRegistry {

    public static final String ASPECT = "clientRegistration";

    private final GraphStore store;
    private final SecretHasher hasher;
    private final ObjectMapper mapper;
    private final String rootClientId;
    private final SecretSealer sealer;

    public ClientRegistry(GraphStore store, SecretHasher hasher, ObjectMapper mapper, String rootClientId) {
        this(store, hasher, mapper, rootClientId, null);
    }

    /**
     * @param sealer seals each new client's secret beside its hash so request signatures (SigV4) can be verified;
     *               null keeps only hashes (such clients cannot sign requests)
     */
    public ClientRegistry(GraphStore store, SecretHasher hasher, ObjectMapper mapper, String rootClientId, SecretSealer sealer) {
        this.store = store;
        this.hasher = hasher;
        this.mapper = mapper;
        this.rootClientId = rootClientId;
        this.sealer = sealer;
    }

    public NewClient create(Actor actor, Optional<String> requestedId, Role role, String description) {
        actor.require(Role.ADMIN);
        String clientId = requestedId.orElseGet(() -> "client-" + SecretHasher.newSecret().substring(0, 12).toLowerCase().replace('_', '-'));
        ClientIds.validate(clientId);
        if (clientId.equals(rootClientId)) {
            throw new ClientConflictException("client '" + clientId + "' already exists");
        }
        String secret = SecretHasher.newSecret();
        String secretHash = hasher.hash(secret);
        String sealedSecret = sealer == null ? null : sealer.seal(clientId, secret);
        ClientInfo info = store.write(actor, unit -> {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("urn", urn(clientId).toString());
            parameters.put("clientId", clientId);
            parameters.put("role", role.wireName());
            parameters.put("description", description == null ? "" : description);
            parameters.put("secretHash", secretHash);
            parameters.put("sealedSecret", sealedSecret);
            parameters.put("now", unit.now().toEpochMilli());
            parameters.put("principal", actor.principal().toString());
            boolean exists = unit.tx().run("MATCH (c:Client {clientId: $clientId}) RETURN count(c) > 0 AS exists", parameters)
                    .single().get("exists").asBoolean();
            if (exists) {
                throw new ClientConflictException("client '" + clientId + "' already exists");
            }
            unit.tx().run("""
                    MERGE (e:Entity {urn: $urn})
                    ON CREATE SET e.type = 'principal', e.createdAt = $now, e.createdBy = $principal
                    SET e:Principal:Client, e.updatedAt = $now, e.clientId = $clientId, e.role = $role,
                        e.description = $description, e.secretHash = $secretHash, e.sealedSecret = $sealedSecret, e.revoked = false,
                        e.registrationVersion = coalesce(e.registrationVersion, 0) + 1
                    """, parameters).consume();
            ClientInfo created = new ClientInfo(clientId, role, description == null ? "" : description, false, unit.now(),
                    actor.principal().toString());
            record(unit, clientId, null, created);
            return created;
        });
        return new NewClient(info, secret);
    }

    public ClientInfo revoke(Actor actor, String clientId) {
        actor.require(Role.ADMIN);
        if (clientId.equals(rootClientId)) {
            throw new ClientConflictException("the root client cannot be revoked; change CAIRN_ROOT_CREDENTIAL instead");
        }
        return store.write(actor, unit -> {
            ClientInfo before = find(unit, clientId).orElseThrow(() -> new ClientNotFoundException(clientId));
            unit.tx().run("""
                    MATCH (c:Client {clientId: $clientId})
                    SET c.revoked = true, c.updatedAt = $now, c.registrationVersion = c.registrationVersion + 1
                    """, Map.of("clientId", clientId, "now", unit.now().toEpochMilli())).consume();
            ClientInfo after = new ClientInfo(before.clientId(), before.role(), before.description(), true,
                    before.createdAt(), before.createdBy());
            record(unit, clientId, before, after);
            return after;
        });
    }

    public List<ClientInfo> list() {
        return store.read(tx -> tx.run("MATCH (c:Client) RETURN c ORDER BY c.clientId LIMIT 10000")
                .list(record -> toInfo(record.get("c"))));
    }

    public Optional<ClientInfo> find(String clientId) {
        return store.read(tx -> tx.run("MATCH (c:Client {clientId: $clientId}) RETURN c", Map.of("clientId", clientId))
                .list(record -> toInfo(record.get("c")))).stream().findFirst();
    }

    /** The client if the secret matches and it is not revoked. */
    public Optional<ClientInfo> authenticate(ClientCredential credential) {
        Optional<String> hash = store.read(tx -> tx.run(
                "MATCH (c:Client {clientId: $clientId}) WHERE NOT c.revoked RETURN c.secretHash AS hash",
                Map.of("clientId", credential.clientId())).list(record -> record.get("hash").asString())).stream().findFirst();
        if (hash.isEmpty() || !hasher.matches(credential.secret(), hash.get())) {
            return Optional.empty();
        }
        return find(credential.clientId());
    }

    /**
     * The client's secret in clear, for verifying a signature made with it; empty for unknown or revoked clients and
     * for clients created before secrets were sealed (they must be re-created to sign requests).
     */
    public Optional<String> signingSecret(String clientId) {
        if (sealer == null) {
            return Optional.empty();
        }
        return store.read(tx -> tx.run(
                "MATCH (c:Client {clientId: $clientId}) WHERE NOT c.revoked AND c.sealedSecret IS NOT NULL RETURN c.sealedSecret AS sealed",
                Map.of("clientId", clientId)).list(record -> record.get("sealed").asString())).stream().findFirst()
                .map(sealed -> sealer.open(clientId, sealed));
    }

    private Optional<ClientInfo> find(WriteTransaction unit, String clientId) {
        return unit.tx().run("MATCH (c:Client {clientId: $clientId}) RETURN c", Map.of("clientId", clientId))
                .list(record -> toInfo(record.get("c"))).stream().findFirst();
    }

    private void record(WriteTransaction unit, String clientId, ClientInfo before, ClientInfo after) {
        long version = unit.tx().run("MATCH (c:Client {clientId: $clientId}) RETURN c.registrationVersion AS v",
                Map.of("clientId", clientId)).single().get("v").asLong();
        unit.recordChange(new ChangeDraft(urn(clientId), ASPECT, version, ChangeType.UPSERT, summary(before), summary(after)));
    }

    private String summary(ClientInfo info) {
        if (info == null) {
            return null;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("clientId", info.clientId());
        summary.put("role", info.role().wireName());
        summary.put("description", info.description());
        summary.put("revoked", info.revoked());
        try {
            return mapper.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClientInfo toInfo(Value node) {
        return new ClientInfo(node.get("clientId").asString(), Role.fromWireName(node.get("role").asString()),
                node.get("description").asString(""), node.get("revoked").asBoolean(false),
                Instant.ofEpochMilli(node.get("createdAt").asLong()), node.get("createdBy").asString());
    }

    static Urn urn(String clientId) {
        return Urn.principal(PrincipalKind.CLIENT, clientId);
    }
}
