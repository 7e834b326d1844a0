package io.cairn.server.hms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.hms.HmsAuthMode;
import io.cairn.catalog.hms.HmsServer;
import io.cairn.catalog.hms.HmsServerSettings;
import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.changelog.AuditLog;
import io.cairn.metadata.changelog.AuditQuery;
import io.cairn.metadata.changelog.ChangeEvent;
import io.cairn.server.CairnTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchLockException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.CheckLockRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.types.Types;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The metastore endpoint of a real in-JVM Cairn, through Hive's generated Thrift client over the JDK's SASL PLAIN
 * client (what Hive 4's {@code metastore.client.auth.mode=PLAIN} does), and through hand-written frames where a
 * client would not send them (calls Hive 4 removed, unknown calls, garbage).
 */
class HmsThriftTest extends HmsServerTestBase {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "price", Types.DecimalType.of(10, 2)));

    private static final java.util.concurrent.atomic.AtomicInteger VERSIONS = new java.util.concurrent.atomic.AtomicInteger(100);

    @Autowired
    Authenticator authenticator;

    @Autowired
    AuditLog auditLog;

    @Test
    void saslRefusesWrongSecretsAndServesTheRightOnes() throws Exception {
        assertThatThrownBy(() -> HmsTestClients.sasl(hms.port(), CairnTestServer.ROOT_ID, "wrong-secret"))
                .isInstanceOf(org.apache.thrift.transport.TTransportException.class);
        assertThatThrownBy(() -> HmsTestClients.sasl(hms.port(), "nobody", "whatever"))
                .isInstanceOf(org.apache.thrift.transport.TTransportException.class);
        // The server still serves, and this connection works.
        assertThat(client.getStatus()).isEqualTo(com.facebook.fb303.fb_status.ALIVE);
        client.set_ugi("root", List.of());
        assertThat(client.get_all_databases()).isNotNull();
    }

    @Test
    void databasesRoundTripAndGetDirectories() throws TException {
        String name = unique("hms_db");
        Database database = new Database(name, "orders of the shop", null, new HashMap<>(Map.of("team", "sales")));
        client.create_database(database);

        Database read = client.get_database(name);
        assertThat(read.getName()).isEqualTo(name);
        assertThat(read.getDescription()).isEqualTo("orders of the shop");
        assertThat(read.getParameters()).containsEntry("team", "sales");
        assertThat(read.getLocationUri()).startsWith("file:").endsWith("/" + name);
        assertThat(Path.of(java.net.URI.create(read.getLocationUri()))).isDirectory();
        assertThat(read.getCatalogName()).isEqualTo("hive");
        // Hive 3/4 clients qualify names with the catalog; names fold to lower case.
        assertThat(client.get_database("@hive#" + name.toUpperCase()).getName()).isEqualTo(name);
        // The same database is an Iceberg REST namespace.
        assertThat(rest.loadNamespaceMetadata(Namespace.of(name))).containsEntry("comment", "orders of the shop");

        assertThat(client.get_databases("hms_db*")).contains(name);
        assertThat(client.get_databases("nomatch*|" + name)).containsExactly(name);
        assertThat(client.get_databases("@hive#" + name)).containsExactly(name);

        read.setParameters(new HashMap<>(Map.of("team", "finance")));
        client.alter_database(name, read);
        assertThat(client.get_database(name).getParameters()).containsEntry("team", "finance");

        assertThatThrownBy(() -> client.create_database(new Database(name, null, null, Map.of())))
                .isInstanceOf(org.apache.hadoop.hive.metastore.api.AlreadyExistsException.class);
        assertThatThrownBy(() -> client.create_database(new Database("bad name!", null, null, Map.of())))
                .isInstanceOf(org.apache.hadoop.hive.metastore.api.InvalidObjectException.class);

        client.drop_database(name, true, false);
        assertThatThrownBy(() -> client.get_database(name)).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> client.drop_database(name, true, false)).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void anIcebergTableCreatedThroughRestIsReadAndCommittedThroughTheMetastore() throws Exception {
        String db = unique("hms_x");
        rest.createNamespace(Namespace.of(db));
        TableIdentifier id = TableIdentifier.of(db, "orders");
        org.apache.iceberg.Table created = rest.createTable(id, SCHEMA);
        String first = ((org.apache.iceberg.BaseTable) created).operations().current().metadataFileLocation();

        Table table = client.get_table_req(new GetTableRequest(db, "orders")).getTable();
        assertThat(table.getTableType()).isEqualTo("EXTERNAL_TABLE");
        assertThat(table.getParameters()).containsEntry("table_type", "ICEBERG").containsEntry("metadata_location", first);
        assertThat(table.getSd().getCols()).extracting(col -> col.getName() + ":" + col.getType())
                .containsExactly("id:bigint", "name:string", "price:decimal(10,2)");
        assertThat(client.get_all_tables(db)).containsExactly("orders");
        assertThat(client.get_tables("@hive#" + db, "ord*")).containsExactly("orders");
        assertThat(client.get_tables_by_type(db, "*", "EXTERNAL_TABLE")).containsExactly("orders");
        assertThat(client.get_tables_by_type(db, "*", "MANAGED_TABLE")).isEmpty();
        assertThat(client.get_table_meta(db, "*", List.of())).extracting(meta -> meta.getDbName() + "." + meta.getTableName()
                + ":" + meta.getTableType()).containsExactly(db + ".orders:EXTERNAL_TABLE");
        GetTablesRequest byName = new GetTablesRequest(db);
        byName.setTblNames(List.of("orders", "missing"));
        assertThat(client.get_table_objects_by_name_req(byName).getTables()).extracting(Table::getTableName).containsExactly("orders");

        // An Iceberg commit through the metastore: a new metadata file, then alter_table with the expected location.
        String second = writeMetadata(first, Map.of("written-by", "hms"));
        Table changed = table.deepCopy();
        changed.getParameters().put("metadata_location", second);
        changed.getParameters().put("previous_metadata_location", first);
        client.alter_table_with_environment_context(db, "orders", changed, expect(first));
        assertThat(rest.loadTable(id).properties()).containsEntry("written-by", "hms");
        assertThat(client.get_table_req(new GetTableRequest(db, "orders")).getTable().getParameters())
                .containsEntry("metadata_location", second).containsEntry("previous_metadata_location", first);

        // A writer that read before that commit loses, with the message Iceberg's HiveCatalog recognises.
        String stale = writeMetadata(first, Map.of("written-by", "stale"));
        Table lost = table.deepCopy();
        lost.getParameters().put("metadata_location", stale);
        assertThatThrownBy(() -> client.alter_table_with_environment_context(db, "orders", lost, expect(first)))
                .isInstanceOf(MetaException.class)
                .hasMessageContaining("The table has been modified. The parameter value for key 'metadata_location' is");
        // ... and so does one that only says previous_metadata_location (the locking mode).
        lost.getParameters().put("previous_metadata_location", first);
        assertThatThrownBy(() -> client.alter_table(db, "orders", lost)).isInstanceOf(MetaException.class);
        assertThat(rest.loadTable(id).properties()).containsEntry("written-by", "hms");

        // A REST commit after the metastore one builds on it.
        rest.loadTable(id).updateProperties().set("written-by", "rest").commit();
        assertThat(client.get_table_req(new GetTableRequest(db, "orders")).getTable().getParameters())
                .containsEntry("written-by", "rest").containsEntry("previous_metadata_location", second);

        // Metadata of another table is refused.
        String foreign = writeNewTableMetadata(db, "foreign");
        Table other = table.deepCopy();
        other.getParameters().put("metadata_location", foreign);
        assertThatThrownBy(() -> client.alter_table_with_environment_context(db, "orders", other,
                expect(client.get_table_req(new GetTableRequest(db, "orders")).getTable().getParameters().get("metadata_location"))))
                .isInstanceOf(InvalidOperationException.class);

        // Rename and drop through the metastore.
        Table renamed = client.get_table_req(new GetTableRequest(db, "orders")).getTable();
        renamed.setTableName("orders_v2");
        client.alter_table(db, "orders", renamed);
        assertThat(rest.tableExists(TableIdentifier.of(db, "orders_v2"))).isTrue();
        assertThat(rest.tableExists(id)).isFalse();
        client.drop_table(db, "orders_v2", false);
        assertThat(rest.tableExists(TableIdentifier.of(db, "orders_v2"))).isFalse();
        assertThatThrownBy(() -> client.get_table_req(new GetTableRequest(db, "orders_v2"))).isInstanceOf(NoSuchObjectException.class);
        client.drop_database(db, false, true);
    }

    @Test
    void anIcebergTableRegisteredThroughTheMetastoreIsAnIcebergRestTable() throws Exception {
        String db = unique("hms_reg");
        client.create_database(new Database(db, null, null, new HashMap<>()));
        String location = writeNewTableMetadata(db, "events");
        Table table = new Table();
        table.setDbName(db);
        table.setTableName("events");
        table.setTableType("EXTERNAL_TABLE");
        table.setParameters(new HashMap<>(Map.of("table_type", "ICEBERG", "metadata_location", location, "EXTERNAL", "TRUE")));
        table.setSd(new org.apache.hadoop.hive.metastore.api.StorageDescriptor());
        client.create_table_with_environment_context(table, new EnvironmentContext(new HashMap<>()));
        assertThat(rest.loadTable(TableIdentifier.of(db, "events")).schema().asStruct()).isEqualTo(SCHEMA.asStruct());
        assertThatThrownBy(() -> client.create_table(table)).isInstanceOf(org.apache.hadoop.hive.metastore.api.AlreadyExistsException.class);
        Table noLocation = table.deepCopy();
        noLocation.setTableName("no_location");
        noLocation.setParameters(new HashMap<>(Map.of("table_type", "ICEBERG")));
        assertThatThrownBy(() -> client.create_table(noLocation)).isInstanceOf(MetaException.class)
                .hasMessageContaining("metadata_location");
        Table nowhere = table.deepCopy();
        nowhere.setDbName("no_such_db");
        assertThatThrownBy(() -> client.create_table(nowhere)).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> client.drop_database(db, false, false)).isInstanceOf(InvalidOperationException.class);
        client.drop_database(db, false, true);
        assertThat(rest.namespaceExists(Namespace.of(db))).isFalse();
    }

    @Test
    void hive2CallsThatHive4RemovedAreStillServed() throws Exception {
        String db = unique("hms_legacy");
        rest.createNamespace(Namespace.of(db));
        rest.createTable(TableIdentifier.of(db, "t1"), SCHEMA);
        TProtocol protocol = new TBinaryProtocol(transport);

        call(protocol, "get_table", 7, out -> {
            out.writeFieldBegin(new TField("dbname", TType.STRING, (short) 1));
            out.writeString(db);
            out.writeFieldEnd();
            out.writeFieldBegin(new TField("tbl_name", TType.STRING, (short) 2));
            out.writeString("t1");
            out.writeFieldEnd();
        });
        TMessage reply = protocol.readMessageBegin();
        assertThat(reply.type).isEqualTo(TMessageType.REPLY);
        assertThat(reply.seqid).isEqualTo(7);
        Table table = readResultStruct(protocol, Table::new, (short) 0);
        assertThat(table.getTableName()).isEqualTo("t1");
        assertThat(table.getParameters()).containsEntry("table_type", "ICEBERG");

        call(protocol, "get_table", 8, out -> {
            out.writeFieldBegin(new TField("dbname", TType.STRING, (short) 1));
            out.writeString(db);
            out.writeFieldEnd();
            out.writeFieldBegin(new TField("tbl_name", TType.STRING, (short) 2));
            out.writeString("missing");
            out.writeFieldEnd();
        });
        assertThat(protocol.readMessageBegin().type).isEqualTo(TMessageType.REPLY);
        NoSuchObjectException missing = readResultStruct(protocol, NoSuchObjectException::new, (short) 2);
        assertThat(missing.getMessage()).contains("missing");

        call(protocol, "get_table_objects_by_name", 9, out -> {
            out.writeFieldBegin(new TField("dbname", TType.STRING, (short) 1));
            out.writeString(db);
            out.writeFieldEnd();
            out.writeFieldBegin(new TField("tbl_names", TType.LIST, (short) 2));
            out.writeListBegin(new org.apache.thrift.protocol.TList(TType.STRING, 2));
            out.writeString("t1");
            out.writeString("nope");
            out.writeListEnd();
            out.writeFieldEnd();
        });
        assertThat(protocol.readMessageBegin().type).isEqualTo(TMessageType.REPLY);
        protocol.readStructBegin();
        TField field = protocol.readFieldBegin();
        assertThat(field.id).isEqualTo((short) 0);
        org.apache.thrift.protocol.TList list = protocol.readListBegin();
        assertThat(list.size).isEqualTo(1);
        Table only = new Table();
        only.read(protocol);
        protocol.readListEnd();
        protocol.readFieldEnd();
        assertThat(protocol.readFieldBegin().type).isEqualTo(TType.STOP);
        protocol.readStructEnd();
        protocol.readMessageEnd();
        assertThat(only.getTableName()).isEqualTo("t1");

        // The connection is still in step with the server.
        assertThat(client.get_all_tables(db)).containsExactly("t1");
    }

    @Test
    void unknownCallsAnswerUnknownMethodAndGarbageClosesOnlyItsConnection() throws Exception {
        TProtocol protocol = new TBinaryProtocol(transport);
        call(protocol, "no_such_call", 3, out -> {
            out.writeFieldBegin(new TField("x", TType.STRING, (short) 1));
            out.writeString("ignored");
            out.writeFieldEnd();
        });
        TMessage reply = protocol.readMessageBegin();
        assertThat(reply.type).isEqualTo(TMessageType.EXCEPTION);
        TApplicationException unknown = TApplicationException.readFrom(protocol);
        protocol.readMessageEnd();
        assertThat(unknown.getType()).isEqualTo(TApplicationException.UNKNOWN_METHOD);
        assertThat(client.get_all_databases()).isNotNull();

        // Garbage and a forged 2 GB string on unauthenticated connections to the SASL port: the server drops them.
        for (byte[] garbage : List.of("GET / HTTP/1.1\r\n\r\n".getBytes(),
                new byte[] {(byte) 0x80, 1, 0, 1, 0, 0, 0, 8, 'g', 'e', 't', '_', 't', 'a', 'b', 'l', 0, 0, 0, 1, 11, 0, 1, 0x7f, -1, -1, -1})) {
            try (Socket raw = new Socket("127.0.0.1", hms.port())) {
                raw.setSoTimeout(60_000);
                OutputStream out = raw.getOutputStream();
                out.write(garbage);
                out.flush();
                InputStream in = raw.getInputStream();
                // The server answers at most a SASL error frame, then closes.
                byte[] buffer = new byte[4096];
                int total = 0;
                for (int read = in.read(buffer); read >= 0 && total < 1_000_000; read = in.read(buffer)) {
                    total += read;
                }
                assertThat(total).isLessThan(1_000_000);
            }
        }
        // A forged 2 GB string inside an authenticated connection closes that connection only.
        TTransport victim = HmsTestClients.sasl(hms.port(), CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        TProtocol bad = new TBinaryProtocol(victim);
        bad.writeMessageBegin(new TMessage("get_database", TMessageType.CALL, 1));
        bad.writeStructBegin(new TStruct("get_database_args"));
        bad.writeFieldBegin(new TField("name", TType.STRING, (short) 1));
        bad.writeI32(Integer.MAX_VALUE);
        bad.getTransport().flush();
        assertThatThrownBy(() -> bad.readMessageBegin()).isInstanceOf(TException.class);
        victim.close();
        assertThat(client.get_all_databases()).isNotNull();
        assertThat(hms.isServing()).isTrue();
    }

    @Test
    void locksLiveInTheStoreAndExclude() throws TException {
        String db = unique("hms_lock");
        LockRequest exclusive = lockRequest(db, "t", LockType.EXCLUSIVE);
        LockResponse first = client.lock(exclusive);
        assertThat(first.getState()).isEqualTo(LockState.ACQUIRED);
        LockResponse second = client.lock(lockRequest(db, "t", LockType.EXCLUSIVE));
        assertThat(second.getState()).isEqualTo(LockState.WAITING);
        assertThat(client.check_lock(new CheckLockRequest(second.getLockid())).getState()).isEqualTo(LockState.WAITING);
        // Another table is not blocked; readers of it share.
        assertThat(client.lock(lockRequest(db, "other", LockType.SHARED_READ)).getState()).isEqualTo(LockState.ACQUIRED);
        assertThat(client.lock(lockRequest(db, "other", LockType.SHARED_READ)).getState()).isEqualTo(LockState.ACQUIRED);

        ShowLocksRequest show = new ShowLocksRequest();
        show.setDbname(db);
        show.setTablename("t");
        assertThat(client.show_locks(show).getLocks()).extracting(lock -> lock.getLockid() + ":" + lock.getState())
                .containsExactly(first.getLockid() + ":ACQUIRED", second.getLockid() + ":WAITING");

        client.heartbeat(new org.apache.hadoop.hive.metastore.api.HeartbeatRequest());
        org.apache.hadoop.hive.metastore.api.HeartbeatRequest beat = new org.apache.hadoop.hive.metastore.api.HeartbeatRequest();
        beat.setLockid(first.getLockid());
        client.heartbeat(beat);

        client.unlock(new UnlockRequest(first.getLockid()));
        assertThat(client.check_lock(new CheckLockRequest(second.getLockid())).getState()).isEqualTo(LockState.ACQUIRED);
        client.unlock(new UnlockRequest(second.getLockid()));
        assertThatThrownBy(() -> client.unlock(new UnlockRequest(second.getLockid()))).isInstanceOf(NoSuchLockException.class);
        assertThatThrownBy(() -> client.check_lock(new CheckLockRequest(999_999_999L))).isInstanceOf(NoSuchLockException.class);
    }

    @Test
    void unauthenticatedConnectionsActWithTheConfiguredRoleAndAreAuditedByTheirUgiName() throws Exception {
        try (HmsServer readers = new HmsServer(settings(Role.READER), metastores, authenticator, Clock.systemUTC());
             HmsServer writers = new HmsServer(settings(Role.WRITER), metastores, authenticator, Clock.systemUTC())) {
            readers.start();
            writers.start();
            String db = unique("hms_anon");
            try (TSocket socket = new TSocket("127.0.0.1", readers.port(), 60_000)) {
                socket.open();
                ThriftHiveMetastore.Client reader = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
                reader.set_ugi("mallory", List.of());
                assertThat(reader.get_all_databases()).isNotNull();
                assertThatThrownBy(() -> reader.create_database(new Database(db, null, null, Map.of())))
                        .isInstanceOf(MetaException.class).hasMessageContaining("reader");
            }
            try (TSocket socket = new TSocket("127.0.0.1", writers.port(), 60_000)) {
                socket.open();
                ThriftHiveMetastore.Client writer = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
                writer.set_ugi("alice", List.of("analysts"));
                writer.create_database(new Database(db, null, null, new HashMap<>()));
                assertThat(writer.get_database(db).getOwnerName()).isEqualTo("alice");
            }
            List<ChangeEvent> events = auditLog.page(new AuditQuery(Optional.empty(), Optional.of("urn:cairn:principal:user:alice"),
                    Optional.empty(), OptionalLong.empty(), 50)).events();
            assertThat(events).anySatisfy(event -> assertThat(event.urn()).contains(db));
        }
    }

    private static HmsServerSettings settings(Role role) {
        return new HmsServerSettings("127.0.0.1", 0, HmsAuthMode.NONE, role, 1 << 20, 8);
    }

    // ---- helpers

    private static EnvironmentContext expect(String location) {
        return new EnvironmentContext(new HashMap<>(Map.of("expected_parameter_key", "metadata_location",
                "expected_parameter_value", location)));
    }

    /** Writes a successor of {@code base} with extra properties, as an engine committing through the metastore would. */
    private String writeMetadata(String base, Map<String, String> properties) {
        HadoopFileIO io = new HadoopFileIO(new org.apache.hadoop.conf.Configuration());
        TableMetadata current = TableMetadataParser.read(io, base);
        TableMetadata next = TableMetadata.buildFrom(current).setProperties(properties).build();
        String location = current.location() + "/metadata/" + String.format("%05d", VERSIONS.incrementAndGet()) + "-"
                + UUID.randomUUID() + ".metadata.json";
        TableMetadataParser.write(next, io.newOutputFile(location));
        return location;
    }

    private String writeNewTableMetadata(String db, String name) throws IOException {
        Path dir = Files.createTempDirectory("cairn-hms-" + name);
        TableMetadata metadata = TableMetadata.newTableMetadata(SCHEMA, PartitionSpec.unpartitioned(), SortOrder.unsorted(),
                "file:" + dir, Map.of());
        String location = "file:" + dir + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
        TableMetadataParser.write(metadata, new HadoopFileIO(new org.apache.hadoop.conf.Configuration()).newOutputFile(location));
        return location;
    }

    private interface ArgumentWriter {
        void write(TProtocol out) throws TException;
    }

    private static void call(TProtocol protocol, String name, int sequenceId, ArgumentWriter arguments) throws TException {
        protocol.writeMessageBegin(new TMessage(name, TMessageType.CALL, sequenceId));
        protocol.writeStructBegin(new TStruct(name + "_args"));
        arguments.write(protocol);
        protocol.writeFieldStop();
        protocol.writeStructEnd();
        protocol.writeMessageEnd();
        protocol.getTransport().flush();
    }

    private static <T extends org.apache.thrift.TBase<?, ?>> T readResultStruct(TProtocol protocol, java.util.function.Supplier<T> empty,
                                                                               short expectedField) throws TException {
        protocol.readStructBegin();
        TField field = protocol.readFieldBegin();
        assertThat(field.id).isEqualTo(expectedField);
        T value = empty.get();
        value.read(protocol);
        protocol.readFieldEnd();
        assertThat(protocol.readFieldBegin().type).isEqualTo(TType.STOP);
        protocol.readStructEnd();
        protocol.readMessageEnd();
        return value;
    }

    private LockRequest lockRequest(String db, String table, LockType type) {
        LockComponent component = new LockComponent(type, LockLevel.TABLE, db);
        component.setTablename(table);
        LockRequest request = new LockRequest(List.of(component), "test-user", "localhost");
        request.setAgentInfo("hms-test");
        return request;
    }
}
