package io.cairn.catalog.rest;

import io.cairn.catalog.CairnCatalog;
import io.cairn.catalog.TransactionCommitter;
import io.cairn.catalog.Warehouse;
import io.cairn.catalog.store.CatalogEntry;
import io.cairn.catalog.store.EntryKind;
import io.cairn.catalog.store.MetricsStore;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequestParser;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ImmutableLoadCredentialsResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tables: create (and stage-create), load (ETag), commit, drop, rename, register, metrics, credentials, transactions. */
@RestController
@RequestMapping("/iceberg/v1/{prefix}")
public class IcebergTableController {

    private final IcebergSupport support;
    private final MetricsStore metrics;
    private final TransactionCommitter transactions = new TransactionCommitter();
    private final LoadTableBodies loadBodies = new LoadTableBodies();

    public IcebergTableController(IcebergSupport support, MetricsStore metrics) {
        this.support = support;
        this.metrics = metrics;
    }

    @GetMapping("/namespaces/{namespace}/tables")
    ResponseEntity<String> list(@PathVariable String prefix, @PathVariable String namespace,
                                @RequestParam(value = "pageToken", required = false) String pageToken,
                                @RequestParam(value = "pageSize", required = false) String pageSize, Actor actor) {
        actor.require(Role.READER);
        return support.ok(Paging.tables(support.catalog(prefix, actor), IcebergSupport.namespace(namespace), pageToken, pageSize));
    }

    @PostMapping("/namespaces/{namespace}/tables")
    ResponseEntity<String> create(@PathVariable String prefix, @PathVariable String namespace,
                                  @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            CreateTableRequest create = support.json().request(body, CreateTableRequest.class);
            CairnCatalog catalog = support.catalog(prefix, actor);
            LoadTableResponse response = create.stageCreate()
                    ? CatalogHandlers.stageTableCreate(catalog, IcebergSupport.namespace(namespace), create)
                    : CatalogHandlers.createTable(catalog, IcebergSupport.namespace(namespace), create);
            return support.ok(response);
        }, tableAnswer(prefix));
    }

    @GetMapping("/namespaces/{namespace}/tables/{table}")
    ResponseEntity<byte[]> load(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                @RequestParam(value = "snapshots", required = false) String snapshots,
                                @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                @RequestHeader(value = "X-Iceberg-Access-Delegation", required = false) String delegation,
                                Actor actor) {
        actor.require(Role.READER);
        RESTCatalogProperties.SnapshotMode mode = snapshotMode(snapshots);
        TableIdentifier identifier = IcebergSupport.identifier(namespace, table);
        Warehouse warehouse = support.warehouse(prefix);
        List<Credential> credentials = StorageCredentials.vended(warehouse, delegation);
        boolean vended = !credentials.isEmpty();
        // The current metadata location decides the answer: a client that is current gets a 304 and anyone else the
        // answer kept for that file, without reading it. The file is still checked (one stat or HEAD): a client
        // must not be told a table is fine when it can no longer load.
        Optional<CatalogEntry> entry = support.catalogs().graph()
                .entry(warehouse.name(), List.of(identifier.namespace().levels()), identifier.name())
                .filter(found -> found.kind() == EntryKind.TABLE);
        if (entry.isPresent()) {
            String location = entry.get().metadataLocation();
            boolean modified = ifNoneMatch == null || !matches(ifNoneMatch, etag(location, mode));
            byte[] kept = modified && !vended ? loadBodies.get(warehouse.name(), identifier, location, mode) : null;
            if ((!modified || kept != null) && support.catalogs().fileExists(warehouse, location)) {
                return modified ? loadAnswer(location, mode, kept)
                        : ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag(location, mode)).build();
            }
        }
        LoadTableResponse response = CatalogHandlers.loadTable(support.catalogs().catalog(warehouse, actor), identifier, mode);
        if (vended) {
            response = LoadTableResponse.builder().withTableMetadata(response.tableMetadata()).addAllConfig(response.config())
                    .addAllCredentials(credentials).build();
            return loadAnswer(response.metadataLocation(), mode, support.json().writeBytes(response));
        }
        byte[] body = support.json().writeBytes(response);
        loadBodies.put(warehouse.name(), identifier, response.metadataLocation(), mode, body);
        return loadAnswer(response.metadataLocation(), mode, body);
    }

    private static ResponseEntity<byte[]> loadAnswer(String metadataLocation, RESTCatalogProperties.SnapshotMode mode, byte[] body) {
        return ResponseEntity.ok().eTag(etag(metadataLocation, mode))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
    }

    @RequestMapping(path = "/namespaces/{namespace}/tables/{table}", method = RequestMethod.HEAD)
    ResponseEntity<String> exists(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                  Actor actor) {
        actor.require(Role.READER);
        CatalogHandlers.tableExists(support.catalog(prefix, actor), IcebergSupport.identifier(namespace, table));
        return IcebergSupport.noContent();
    }

    @PostMapping("/namespaces/{namespace}/tables/{table}")
    ResponseEntity<String> commit(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                  @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            UpdateTableRequest update = support.json().request(body, UpdateTableRequest.class);
            TableIdentifier identifier = IcebergSupport.identifier(namespace, table);
            LoadTableResponse response = CatalogHandlers.updateTable(support.catalog(prefix, actor), identifier, update);
            // The answer is what a full load of the new metadata file returns, and an engine loads the table again
            // before its next commit: keep it, so that load neither parses nor serializes the metadata again.
            if (!response.config().isEmpty() || !response.credentials().isEmpty()) {
                return IcebergSupport.okJson(support.json().writeBytes(response));
            }
            String location = response.metadataLocation();
            byte[] answer = support.catalogs().tableMetadataJson(location)
                    .map(json -> support.json().loadTableAnswer(location, json))
                    .orElseGet(() -> support.json().writeBytes(response));
            loadBodies.put(support.warehouse(prefix).name(), identifier, location, RESTCatalogProperties.SnapshotMode.ALL, answer);
            return IcebergSupport.okJson(answer);
        }, tableAnswer(prefix));
    }

    @DeleteMapping("/namespaces/{namespace}/tables/{table}")
    ResponseEntity<String> drop(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                @RequestParam(value = "purgeRequested", required = false, defaultValue = "false") boolean purge,
                                Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, null, () -> {
            CairnCatalog catalog = support.catalog(prefix, actor);
            TableIdentifier identifier = IcebergSupport.identifier(namespace, table);
            if (purge) {
                CatalogHandlers.purgeTable(catalog, identifier);
            } else {
                CatalogHandlers.dropTable(catalog, identifier);
            }
            return IcebergSupport.noContent();
        });
    }

    @PostMapping("/tables/rename")
    ResponseEntity<String> rename(@PathVariable String prefix, @RequestBody(required = false) byte[] body, Actor actor,
                                  HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            CatalogHandlers.renameTable(support.catalog(prefix, actor), support.json().request(body, RenameTableRequest.class));
            return IcebergSupport.noContent();
        });
    }

    @PostMapping("/namespaces/{namespace}/register")
    ResponseEntity<String> register(@PathVariable String prefix, @PathVariable String namespace,
                                    @RequestBody(required = false) byte[] body, Actor actor, HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            RegisterTableRequest register = support.json().request(body, RegisterTableRequest.class);
            return support.ok(CatalogHandlers.registerTable(support.catalog(prefix, actor), IcebergSupport.namespace(namespace), register));
        }, tableAnswer(prefix));
    }

    /**
     * Scan and commit reports. Readers may send them: engines report after read-only scans, and the reports are
     * telemetry about the table, not changes to it.
     */
    @PostMapping("/namespaces/{namespace}/tables/{table}/metrics")
    ResponseEntity<String> reportMetrics(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                         @RequestBody(required = false) byte[] body, Actor actor) {
        actor.require(Role.READER);
        Warehouse warehouse = support.warehouse(prefix);
        TableIdentifier identifier = IcebergSupport.identifier(namespace, table);
        ReportMetricsRequest report = support.json().request(body, ReportMetricsRequest.class);
        requireTable(warehouse, identifier);
        metrics.add(actor, warehouse.name(), identifier.toString(), report.reportType().name().toLowerCase(Locale.ROOT),
                ReportMetricsRequestParser.toJson(report));
        return IcebergSupport.noContent();
    }

    /** Cairn's addition to the spec: the reports stored for a table, newest first. */
    @GetMapping("/namespaces/{namespace}/tables/{table}/metrics")
    ResponseEntity<String> readMetrics(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                       @RequestParam(value = "limit", required = false, defaultValue = "50") int limit,
                                       Actor actor) throws Exception {
        actor.require(Role.READER);
        Warehouse warehouse = support.warehouse(prefix);
        TableIdentifier identifier = IcebergSupport.identifier(namespace, table);
        requireTable(warehouse, identifier);
        List<Map<String, Object>> reports = new java.util.ArrayList<>();
        for (MetricsStore.StoredReport stored : metrics.recent(warehouse.name(), identifier.toString(), limit)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("report-type", stored.reportType());
            item.put("received-at", stored.at().toString());
            item.put("principal", stored.principal());
            item.put("report", support.json().mapper().readTree(stored.json()));
            reports.add(item);
        }
        return support.ok(Map.of("reports", reports));
    }

    /** Local {@code file:} storage needs no credentials (an empty list, as the spec allows); object stores get theirs. */
    @GetMapping("/namespaces/{namespace}/tables/{table}/credentials")
    ResponseEntity<String> credentials(@PathVariable String prefix, @PathVariable String namespace, @PathVariable String table,
                                       Actor actor) {
        actor.require(Role.READER);
        Warehouse warehouse = support.warehouse(prefix);
        requireTable(warehouse, IcebergSupport.identifier(namespace, table));
        return support.ok(ImmutableLoadCredentialsResponse.builder().credentials(StorageCredentials.forWarehouse(warehouse)).build());
    }

    @PostMapping("/transactions/commit")
    ResponseEntity<String> commitTransaction(@PathVariable String prefix, @RequestBody(required = false) byte[] body, Actor actor,
                                             HttpServletRequest request) {
        actor.require(Role.WRITER);
        return support.mutation(request, body, () -> {
            CommitTransactionRequest commit = support.json().request(body, CommitTransactionRequest.class);
            List<TransactionCommitter.TableChange> changes = commit.tableChanges().stream()
                    .map(change -> new TransactionCommitter.TableChange(change.identifier(), change.requirements(), change.updates()))
                    .toList();
            transactions.commit(support.catalog(prefix, actor), changes);
            return IcebergSupport.noContent();
        });
    }

    /** The answer of a committed table change, rebuilt from the metadata file it produced (for a retry). */
    private IcebergSupport.Replay tableAnswer(String prefix) {
        return IcebergSupport.Replay.fromCommitted(metadataLocation -> support.ok(LoadTableResponse.builder()
                .withTableMetadata(support.catalogs().tableMetadata(support.warehouse(prefix), metadataLocation)).build()));
    }

    private void requireTable(Warehouse warehouse, TableIdentifier identifier) {
        boolean exists = support.catalogs().graph()
                .entry(warehouse.name(), List.of(identifier.namespace().levels()), identifier.name())
                .filter(found -> found.kind() == EntryKind.TABLE).isPresent();
        if (!exists) {
            throw new NoSuchTableException("Table does not exist: %s", identifier);
        }
    }

    private static RESTCatalogProperties.SnapshotMode snapshotMode(String snapshots) {
        if (snapshots == null || snapshots.isBlank()) {
            return RESTCatalogProperties.SnapshotMode.ALL;
        }
        return switch (snapshots.toLowerCase(Locale.ROOT)) {
            case "all" -> RESTCatalogProperties.SnapshotMode.ALL;
            case "refs" -> RESTCatalogProperties.SnapshotMode.REFS;
            default -> throw new BadRequestException("Invalid snapshots mode '%s': expected all or refs", snapshots);
        };
    }

    /** A strong ETag of what a load returns: the metadata file (immutable) and the snapshot mode. */
    static String etag(String metadataLocation, RESTCatalogProperties.SnapshotMode mode) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((mode.name() + "\n" + metadataLocation).getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals(etag) || trimmed.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
