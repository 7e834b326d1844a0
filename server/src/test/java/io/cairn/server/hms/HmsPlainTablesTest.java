package io.cairn.server.hms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.urn.Urn;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.BooleanColumnStatsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.Date;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Decimal;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DropPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesExtRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.RequestPartsSpec;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Plain (non-Iceberg) Hive tables, their partitions and column statistics through the metastore's Thrift API of a
 * real in-JVM Cairn, with Hive's generated client over SASL PLAIN, cross-checked through the AWS SDK's Glue client
 * and the REST entity API on the same tables.
 */
class HmsPlainTablesTest extends HmsServerTestBase {

    private GlueClient glue;

    @BeforeEach
    void connectGlue() {
        glue = GlueClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(180)))
                .endpointOverride(URI.create("http://127.0.0.1:" + httpPort + "/glue"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET)))
                .build();
    }

    @AfterEach
    void closeGlue() {
        glue.close();
    }

    private String database() throws TException {
        String db = unique("hms_plain");
        client.create_database(new Database(db, null, null, new HashMap<>()));
        return db;
    }

    private static Table parquetTable(String db, String name, String type, List<FieldSchema> partitionKeys) {
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(new ArrayList<>(List.of(new FieldSchema("id", "bigint", "order id"), new FieldSchema("city", "string", null),
                new FieldSchema("price", "decimal(10,2)", null), new FieldSchema("day", "date", null),
                new FieldSchema("paid", "boolean", null))));
        sd.setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        sd.setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                new HashMap<>(Map.of("serialization.format", "1"))));
        Map<String, String> parameters = new HashMap<>(Map.of("comment", "orders of the shop"));
        if (type.equals("EXTERNAL_TABLE")) {
            parameters.put("EXTERNAL", "TRUE");
        }
        Table table = new Table(name, db, "alice", 0, 0, 0, sd, new ArrayList<>(partitionKeys), parameters, null, null, type);
        return table;
    }

    private static final List<FieldSchema> BY_DAY_AND_HOUR = List.of(new FieldSchema("ds", "string", null),
            new FieldSchema("hr", "int", null));

    @Test
    void plainTablesThroughTheMetastoreAreGlueTablesAndTheOtherWayRound() throws Exception {
        String db = database();
        String dbLocation = client.get_database(db).getLocationUri();
        client.create_table(parquetTable(db, "Orders", "MANAGED_TABLE", BY_DAY_AND_HOUR));

        Table read = client.get_table_req(new GetTableRequest(db, "orders")).getTable();
        assertThat(read.getTableName()).isEqualTo("orders");
        assertThat(read.getTableType()).isEqualTo("MANAGED_TABLE");
        assertThat(read.getOwner()).isEqualTo("alice");
        assertThat(read.getSd().getLocation()).isEqualTo(dbLocation + "/orders");
        assertThat(Path.of(URI.create(read.getSd().getLocation()))).isDirectory();
        assertThat(read.getSd().getCols()).extracting(col -> col.getName() + ":" + col.getType())
                .containsExactly("id:bigint", "city:string", "price:decimal(10,2)", "day:date", "paid:boolean");
        assertThat(read.getSd().getCols().get(0).getComment()).isEqualTo("order id");
        assertThat(read.getPartitionKeys()).extracting(FieldSchema::getName).containsExactly("ds", "hr");
        assertThat(read.getSd().getSerdeInfo().getSerializationLib()).endsWith("ParquetHiveSerDe");
        assertThat(read.getSd().getSkewedInfo()).isNotNull();
        assertThat(read.getParameters()).containsEntry("comment", "orders of the shop");
        assertThat(read.getCreateTime()).isPositive();

        // Listings see it with its type.
        assertThat(client.get_all_tables(db)).containsExactly("orders");
        assertThat(client.get_tables("@hive#" + db, "ord*")).containsExactly("orders");
        assertThat(client.get_tables_by_type(db, "*", "MANAGED_TABLE")).containsExactly("orders");
        assertThat(client.get_tables_by_type(db, "*", "EXTERNAL_TABLE")).isEmpty();
        assertThat(client.get_table_meta(db, "*", List.of("MANAGED_TABLE"))).extracting(meta -> meta.getTableName() + ":"
                + meta.getTableType() + ":" + meta.getComments()).containsExactly("orders:MANAGED_TABLE:orders of the shop");
        GetTablesRequest byName = new GetTablesRequest(db);
        byName.setTblNames(List.of("orders", "missing"));
        assertThat(client.get_table_objects_by_name_req(byName).getTables()).extracting(Table::getTableName).containsExactly("orders");
        assertThat(client.get_tables_ext(new GetTablesExtRequest("hive", db, "*", 1))).extracting(info -> info.getTblName())
                .containsExactly("orders");

        // Glue sees the same table.
        software.amazon.awssdk.services.glue.model.Table viaGlue = glue.getTable(b -> b.databaseName(db).name("orders")).table();
        assertThat(viaGlue.tableType()).isEqualTo("MANAGED_TABLE");
        assertThat(viaGlue.description()).isEqualTo("orders of the shop");
        assertThat(viaGlue.storageDescriptor().columns()).extracting(Column::name).containsExactly("id", "city", "price", "day", "paid");
        assertThat(viaGlue.partitionKeys()).extracting(Column::name).containsExactly("ds", "hr");
        assertThat(viaGlue.storageDescriptor().location()).isEqualTo(read.getSd().getLocation());

        // A table created through Glue is an external table for the metastore.
        Path eventsDir = Files.createTempDirectory("cairn-hms-events");
        glue.createTable(b -> b.databaseName(db).tableInput(TableInput.builder().name("events").description("raw events")
                .tableType("EXTERNAL_TABLE")
                .storageDescriptor(sd -> sd.location("file:" + eventsDir).columns(Column.builder().name("at").type("timestamp").build()))
                .build()));
        Table events = client.get_table_req(new GetTableRequest(db, "events")).getTable();
        assertThat(events.getTableType()).isEqualTo("EXTERNAL_TABLE");
        assertThat(events.getParameters()).containsEntry("comment", "raw events").containsEntry("EXTERNAL", "TRUE");
        assertThat(events.getSd().getCols()).extracting(FieldSchema::getType).containsExactly("timestamp");
        assertThat(client.get_tables_by_type(db, "*", "EXTERNAL_TABLE")).containsExactly("events");

        // alter_table replaces the definition, and Glue sees it as a new table version.
        Table changed = read.deepCopy();
        changed.getSd().getCols().add(new FieldSchema("coupon", "string", null));
        changed.getParameters().put("owner_team", "sales");
        client.alter_table(db, "orders", changed);
        assertThat(client.get_table_req(new GetTableRequest(db, "orders")).getTable().getSd().getCols())
                .extracting(FieldSchema::getName).endsWith("coupon");
        assertThat(glue.getTableVersions(b -> b.databaseName(db).tableName("orders")).tableVersions()).hasSize(2);
        assertThat(glue.getTable(b -> b.databaseName(db).name("orders")).table().parameters()).containsEntry("owner_team", "sales");

        // Compare-and-swap on a parameter, as Hive 4 and Iceberg's lock-free mode send it.
        Table guarded = client.get_table_req(new GetTableRequest(db, "orders")).getTable();
        guarded.getParameters().put("owner_team", "finance");
        assertThatThrownBy(() -> client.alter_table_with_environment_context(db, "orders", guarded, expect("owner_team", "nobody")))
                .isInstanceOf(MetaException.class).hasMessageContaining("The table has been modified");
        client.alter_table_with_environment_context(db, "orders", guarded, expect("owner_team", "sales"));
        assertThat(client.get_table_req(new GetTableRequest(db, "orders")).getTable().getParameters()).containsEntry("owner_team", "finance");

        // The data set of the table is in the entity API with its columns.
        Urn dataset = metastores.open(Actor.client("test", Role.READER)).table(db, "orders").dataset();
        HttpApi api = new HttpApi("http://127.0.0.1:" + httpPort);
        String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        assertThat(api.get("/api/v1/entities/" + dataset, token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/entities/" + Urn.column(dataset.uuid(), "coupon"), token).status()).isEqualTo(200);

        // Renaming a managed table at its default location moves its directory.
        Table renamed = client.get_table_req(new GetTableRequest(db, "orders")).getTable();
        Path oldDir = Path.of(URI.create(renamed.getSd().getLocation()));
        renamed.setTableName("orders_v2");
        client.alter_table(db, "orders", renamed);
        Table moved = client.get_table_req(new GetTableRequest(db, "orders_v2")).getTable();
        assertThat(moved.getSd().getLocation()).isEqualTo(dbLocation + "/orders_v2");
        assertThat(Path.of(URI.create(moved.getSd().getLocation()))).isDirectory();
        assertThat(oldDir).doesNotExist();
        assertThatThrownBy(() -> client.get_table_req(new GetTableRequest(db, "orders"))).isInstanceOf(NoSuchObjectException.class);
        assertThat(glue.getTable(b -> b.databaseName(db).name("orders_v2")).table().storageDescriptor().columns()).hasSize(6);

        // Bad input gets the metastore's errors and changes nothing.
        assertThatThrownBy(() -> client.create_table(parquetTable(db, "orders_v2", "MANAGED_TABLE", List.of())))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> client.create_table(parquetTable("no_such_db", "t", "MANAGED_TABLE", List.of())))
                .isInstanceOf(NoSuchObjectException.class);
        Table twice = parquetTable(db, "twice", "MANAGED_TABLE", List.of(new FieldSchema("id", "int", null)));
        assertThatThrownBy(() -> client.create_table(twice)).isInstanceOf(InvalidObjectException.class).hasMessageContaining("twice");
        Table untyped = parquetTable(db, "untyped", "MANAGED_TABLE", List.of());
        untyped.getSd().getCols().add(new FieldSchema("x", null, null));
        assertThatThrownBy(() -> client.create_table(untyped)).isInstanceOf(InvalidObjectException.class);
        assertThatThrownBy(() -> client.alter_table(db, "missing", renamed)).isInstanceOf(InvalidOperationException.class);
        Table toIceberg = moved.deepCopy();
        toIceberg.getParameters().put("table_type", "ICEBERG");
        toIceberg.getParameters().put("metadata_location", "file:/tmp/nothing.metadata.json");
        assertThatThrownBy(() -> client.alter_table(db, "orders_v2", toIceberg)).isInstanceOf(InvalidOperationException.class);
        assertThat(client.get_all_tables(db)).containsExactly("events", "orders_v2");

        // Dropping an external table keeps its data; dropping a managed one with deleteData removes it.
        client.drop_table(db, "events", true);
        assertThat(eventsDir).isDirectory();
        client.drop_table(db, "orders_v2", true);
        assertThat(Path.of(URI.create(moved.getSd().getLocation()))).doesNotExist();
        assertThat(client.get_all_tables(db)).isEmpty();
        assertThatThrownBy(() -> glue.getTable(b -> b.databaseName(db).name("orders_v2")))
                .isInstanceOf(software.amazon.awssdk.services.glue.model.EntityNotFoundException.class);
        assertThatThrownBy(() -> client.drop_table(db, "orders_v2", true)).isInstanceOf(NoSuchObjectException.class);
        client.drop_database(db, true, false);
    }

    @Test
    void partitionsAreAddedListedFilteredAlteredAndDropped() throws Exception {
        String db = database();
        client.create_table(parquetTable(db, "clicks", "MANAGED_TABLE", BY_DAY_AND_HOUR));
        Table table = client.get_table_req(new GetTableRequest(db, "clicks")).getTable();

        Partition first = client.add_partition(partition(table, "2024-01-01", "1"));
        assertThat(first.getSd().getLocation()).isEqualTo(table.getSd().getLocation() + "/ds=2024-01-01/hr=1");
        assertThat(Path.of(URI.create(first.getSd().getLocation()))).isDirectory();
        assertThat(client.add_partitions(List.of(partition(table, "2024-01-01", "2"), partition(table, "2024-01-02", "1"),
                partition(table, "2024-01-02", "2")))).isEqualTo(3);
        // One existing partition fails the whole call, and nothing of it is added ...
        assertThatThrownBy(() -> client.add_partitions(List.of(partition(table, "2024-01-03", "1"), partition(table, "2024-01-01", "1"))))
                .isInstanceOf(AlreadyExistsException.class);
        // ... unless the client asks to skip existing ones.
        AddPartitionsRequest ifNotExists = new AddPartitionsRequest(db, "clicks",
                List.of(partition(table, "2024-01-03", "1"), partition(table, "2024-01-01", "1")), true);
        ifNotExists.setNeedResult(true);
        assertThat(client.add_partitions_req(ifNotExists).getPartitions()).extracting(Partition::getValues)
                .containsExactly(List.of("2024-01-03", "1"));

        assertThat(client.get_partition_names(db, "clicks", (short) -1)).containsExactly("ds=2024-01-01/hr=1", "ds=2024-01-01/hr=2",
                "ds=2024-01-02/hr=1", "ds=2024-01-02/hr=2", "ds=2024-01-03/hr=1");
        assertThat(client.get_partitions(db, "clicks", (short) 2)).hasSize(2);
        assertThat(client.get_partitions("@hive#" + db, "clicks", (short) -1)).hasSize(5);
        assertThat(client.get_partition(db, "clicks", List.of("2024-01-02", "2")).getSd().getLocation())
                .endsWith("/clicks/ds=2024-01-02/hr=2");
        assertThat(client.get_partition_by_name(db, "clicks", "ds=2024-01-02/hr=2").getValues()).containsExactly("2024-01-02", "2");
        assertThatThrownBy(() -> client.get_partition(db, "clicks", List.of("2030-01-01", "1"))).isInstanceOf(NoSuchObjectException.class);

        // Hive's filter syntax, numeric comparison on the int key.
        assertThat(client.get_partitions_by_filter(db, "clicks", "ds >= '2024-01-02' and hr > 1", (short) -1))
                .extracting(Partition::getValues).containsExactly(List.of("2024-01-02", "2"));
        assertThat(client.get_partitions_by_filter(db, "clicks", "hr = 1 or ds like '%-03'", (short) -1)).hasSize(3);
        assertThat(client.get_num_partitions_by_filter(db, "clicks", "hr = 1")).isEqualTo(3);
        assertThatThrownBy(() -> client.get_partitions_by_filter(db, "clicks", "ds = = 'x'", (short) -1))
                .isInstanceOf(MetaException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> client.get_partitions_by_filter(db, "clicks", "nokey = 'x'", (short) -1))
                .isInstanceOf(MetaException.class);
        assertThat(client.get_partitions_ps(db, "clicks", List.of("2024-01-01"), (short) -1)).hasSize(2);
        assertThat(client.get_partition_names_ps(db, "clicks", List.of("", "2"), (short) -1))
                .containsExactly("ds=2024-01-01/hr=2", "ds=2024-01-02/hr=2");
        GetPartitionsByNamesRequest byNames = new GetPartitionsByNamesRequest(db, "clicks");
        byNames.setNames(List.of("ds=2024-01-02/hr=1", "ds=2099-01-01/hr=1", "not a partition"));
        assertThat(client.get_partitions_by_names_req(byNames).getPartitions()).extracting(Partition::getValues)
                .containsExactly(List.of("2024-01-02", "1"));

        // Glue reads the same partitions with the same expression syntax.
        assertThat(glue.getPartitions(GetPartitionsRequest.builder().databaseName(db).tableName("clicks").expression("hr = 1").build())
                .partitions()).hasSize(3);

        // Alter, rename and append.
        Partition altered = client.get_partition(db, "clicks", List.of("2024-01-01", "1"));
        altered.getParameters().put("numRows", "42");
        client.alter_partition(db, "clicks", altered);
        assertThat(client.get_partition(db, "clicks", List.of("2024-01-01", "1")).getParameters()).containsEntry("numRows", "42");
        Partition renamedTo = altered.deepCopy();
        renamedTo.setValues(List.of("2024-01-04", "1"));
        client.rename_partition(db, "clicks", List.of("2024-01-01", "1"), renamedTo);
        assertThat(client.get_partition(db, "clicks", List.of("2024-01-04", "1")).getParameters()).containsEntry("numRows", "42");
        assertThatThrownBy(() -> client.get_partition(db, "clicks", List.of("2024-01-01", "1"))).isInstanceOf(NoSuchObjectException.class);
        Partition appended = client.append_partition(db, "clicks", List.of("2024-01-05", "3"));
        assertThat(appended.getSd().getLocation()).isEqualTo(table.getSd().getLocation() + "/ds=2024-01-05/hr=3");
        assertThat(appended.getSd().getSerdeInfo().getSerializationLib()).endsWith("ParquetHiveSerDe");
        assertThat(client.append_partition_by_name(db, "clicks", "ds=2024-01-05/hr=4").getValues()).containsExactly("2024-01-05", "4");

        // Drop: by values with the data, by name, and several by name.
        Path dir = Path.of(URI.create(client.get_partition(db, "clicks", List.of("2024-01-02", "1")).getSd().getLocation()));
        assertThat(dir).isDirectory();
        assertThat(client.drop_partition(db, "clicks", List.of("2024-01-02", "1"), true)).isTrue();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> client.drop_partition(db, "clicks", List.of("2024-01-02", "1"), true))
                .isInstanceOf(NoSuchObjectException.class);
        assertThat(client.drop_partition_by_name(db, "clicks", "ds=2024-01-02/hr=2", false)).isTrue();
        DropPartitionsRequest dropMany = new DropPartitionsRequest(db, "clicks",
                RequestPartsSpec.names(List.of("ds=2024-01-05/hr=3", "ds=2024-01-05/hr=4")));
        dropMany.setNeedResult(true);
        assertThat(client.drop_partitions_req(dropMany).getPartitions()).hasSize(2);
        assertThat(client.get_partition_names(db, "clicks", (short) -1)).containsExactly("ds=2024-01-01/hr=2", "ds=2024-01-03/hr=1",
                "ds=2024-01-04/hr=1");

        // Ugly input: wrong number of values, a huge name list, partitions of an Iceberg table.
        assertThatThrownBy(() -> client.add_partition(partition(table, "2024-01-09"))).isInstanceOf(InvalidObjectException.class);
        List<String> huge = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            huge.add("ds=x/hr=" + i);
        }
        assertThatThrownBy(() -> client.get_partitions_by_names(db, "clicks", huge)).isInstanceOf(MetaException.class);
        rest.createTable(TableIdentifier.of(db, "ice"), new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
        assertThatThrownBy(() -> client.get_partitions(db, "ice", (short) -1)).isInstanceOf(MetaException.class)
                .hasMessageContaining("Iceberg");
        rest.dropTable(TableIdentifier.of(db, "ice"), false);
        assertThat(client.get_partition_names(db, "clicks", (short) -1)).hasSize(3);

        client.drop_database(db, true, true);
        assertThat(Path.of(URI.create(table.getSd().getLocation()))).doesNotExist();
    }

    @Test
    void columnStatisticsAreKeptPerColumnAndPerPartition() throws Exception {
        String db = database();
        client.create_table(parquetTable(db, "sales", "MANAGED_TABLE", BY_DAY_AND_HOUR));
        Table table = client.get_table_req(new GetTableRequest(db, "sales")).getTable();
        client.add_partition(partition(table, "2024-01-01", "1"));

        ColumnStatistics tableLevel = new ColumnStatistics(new ColumnStatisticsDesc(true, db, "sales"), List.of(
                longStats("id", 1, 1000, 0, 990),
                stringStats("city", 12, 6.5, 3, 40),
                decimalStats("price", "0.99", "1234.50"),
                dateStats("day", "2024-01-01", "2024-03-31"),
                booleanStats("paid", 700, 290, 10)));
        tableLevel.getStatsDesc().setLastAnalyzed(1_700_000_000L);
        assertThat(client.update_table_column_statistics(tableLevel)).isTrue();

        List<ColumnStatisticsObj> all = client.get_table_statistics_req(new TableStatsRequest(db, "sales",
                List.of("id", "city", "price", "day", "paid", "ds"))).getTableStats();
        assertThat(all).extracting(ColumnStatisticsObj::getColName).containsExactly("id", "city", "price", "day", "paid");
        LongColumnStatsData ids = all.get(0).getStatsData().getLongStats();
        assertThat(ids.getLowValue()).isEqualTo(1);
        assertThat(ids.getHighValue()).isEqualTo(1000);
        assertThat(ids.getNumDVs()).isEqualTo(990);
        assertThat(ids.getBitVectors()).containsExactly(1, 2, 3);
        StringColumnStatsData cities = all.get(1).getStatsData().getStringStats();
        assertThat(cities.getMaxColLen()).isEqualTo(12);
        assertThat(cities.getAvgColLen()).isEqualTo(6.5);
        assertThat(cities.getNumNulls()).isEqualTo(3);
        DecimalColumnStatsData prices = all.get(2).getStatsData().getDecimalStats();
        assertThat(new BigDecimal(new BigInteger(prices.getHighValue().getUnscaled()), prices.getHighValue().getScale()))
                .isEqualByComparingTo("1234.50");
        assertThat(all.get(3).getStatsData().getDateStats().getHighValue().getDaysSinceEpoch())
                .isEqualTo(java.time.LocalDate.parse("2024-03-31").toEpochDay());
        assertThat(all.get(4).getStatsData().getBooleanStats().getNumTrues()).isEqualTo(700);

        ColumnStatistics one = client.get_table_column_statistics(db, "sales", "city");
        assertThat(one.getStatsDesc().getLastAnalyzed()).isEqualTo(1_700_000_000L);
        assertThat(one.getStatsObj()).extracting(ColumnStatisticsObj::getColName).containsExactly("city");

        // Kept as the columnStatistics aspect of the column entity, readable through the entity API.
        Urn dataset = metastores.open(Actor.client("test", Role.READER)).table(db, "sales").dataset();
        HttpApi api = new HttpApi("http://127.0.0.1:" + httpPort);
        String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        JsonNode aspect = api.get("/api/v1/entities/" + Urn.column(dataset.uuid(), "id") + "/aspects/columnStatistics", token).json();
        assertThat(aspect.at("/value/distinctCount").asLong()).isEqualTo(990);
        assertThat(aspect.at("/value/maximum").asText()).isEqualTo("1000");

        // A newer update replaces one column's statistics; Hive 4's request form works too.
        SetPartitionsStatsRequest update = new SetPartitionsStatsRequest(List.of(new ColumnStatistics(
                new ColumnStatisticsDesc(true, db, "sales"), List.of(longStats("id", 5, 2000, 1, 1500)))));
        assertThat(client.update_table_column_statistics_req(update).isResult()).isTrue();
        assertThat(client.get_table_column_statistics(db, "sales", "id").getStatsObj().get(0).getStatsData().getLongStats()
                .getHighValue()).isEqualTo(2000);
        assertThat(api.get("/api/v1/entities/" + Urn.column(dataset.uuid(), "id") + "/aspects/columnStatistics/versions", token)
                .json().path("versions").size()).isGreaterThanOrEqualTo(2);

        // Partition statistics belong to their partition.
        ColumnStatisticsDesc partitionDesc = new ColumnStatisticsDesc(false, db, "sales");
        partitionDesc.setPartName("ds=2024-01-01/hr=1");
        assertThat(client.update_partition_column_statistics(new ColumnStatistics(partitionDesc,
                List.of(longStats("id", 1, 10, 0, 10))))).isTrue();
        Map<String, List<ColumnStatisticsObj>> byPartition = client.get_partitions_statistics_req(new PartitionsStatsRequest(db, "sales",
                List.of("id", "city"), List.of("ds=2024-01-01/hr=1"))).getPartStats();
        assertThat(byPartition).containsOnlyKeys("ds=2024-01-01/hr=1");
        assertThat(byPartition.get("ds=2024-01-01/hr=1")).extracting(ColumnStatisticsObj::getColName).containsExactly("id");
        assertThat(byPartition.get("ds=2024-01-01/hr=1").get(0).getStatsData().getLongStats().getHighValue()).isEqualTo(10);
        assertThat(client.get_partition_column_statistics(db, "sales", "ds=2024-01-01/hr=1", "id").getStatsObj()).hasSize(1);

        // Bad input: an unknown column, a missing partition, table statistics sent as partition statistics.
        assertThatThrownBy(() -> client.update_table_column_statistics(new ColumnStatistics(new ColumnStatisticsDesc(true, db, "sales"),
                List.of(longStats("nope", 1, 2, 0, 1))))).isInstanceOf(InvalidObjectException.class).hasMessageContaining("nope");
        ColumnStatisticsDesc missingPartition = new ColumnStatisticsDesc(false, db, "sales");
        missingPartition.setPartName("ds=2099-01-01/hr=1");
        assertThatThrownBy(() -> client.update_partition_column_statistics(new ColumnStatistics(missingPartition,
                List.of(longStats("id", 1, 2, 0, 1))))).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> client.update_partition_column_statistics(tableLevel))
                .isInstanceOf(org.apache.hadoop.hive.metastore.api.InvalidInputException.class);
        assertThat(client.get_table_column_statistics(db, "sales", "id").getStatsObj().get(0).getStatsData().getLongStats()
                .getHighValue()).isEqualTo(2000);

        // Deletes.
        assertThat(client.delete_table_column_statistics(db, "sales", "city", null)).isTrue();
        assertThatThrownBy(() -> client.get_table_column_statistics(db, "sales", "city")).isInstanceOf(NoSuchObjectException.class);
        assertThat(client.get_table_statistics_req(new TableStatsRequest(db, "sales", List.of("id", "city"))).getTableStats())
                .extracting(ColumnStatisticsObj::getColName).containsExactly("id");
        assertThat(client.delete_table_column_statistics(db, "sales", null, null)).isTrue();
        assertThat(client.get_table_statistics_req(new TableStatsRequest(db, "sales", List.of("id", "price"))).getTableStats()).isEmpty();
        assertThat(client.delete_partition_column_statistics(db, "sales", "ds=2024-01-01/hr=1", "id", null)).isTrue();
        assertThat(client.get_partitions_statistics_req(new PartitionsStatsRequest(db, "sales", List.of("id"),
                List.of("ds=2024-01-01/hr=1"))).getPartStats()).isEmpty();
        client.drop_database(db, true, true);
    }

    // ---- helpers

    private static EnvironmentContext expect(String key, String value) {
        return new EnvironmentContext(new HashMap<>(Map.of("expected_parameter_key", key, "expected_parameter_value", value)));
    }

    private static Partition partition(Table table, String... values) {
        Partition partition = new Partition();
        partition.setDbName(table.getDbName());
        partition.setTableName(table.getTableName());
        partition.setValues(new ArrayList<>(List.of(values)));
        StorageDescriptor sd = table.getSd().deepCopy();
        sd.unsetLocation();
        partition.setSd(sd);
        partition.setParameters(new HashMap<>());
        return partition;
    }

    private static ColumnStatisticsObj longStats(String column, long low, long high, long nulls, long distinct) {
        LongColumnStatsData data = new LongColumnStatsData(nulls, distinct);
        data.setLowValue(low);
        data.setHighValue(high);
        data.setBitVectors(new byte[] {1, 2, 3});
        return new ColumnStatisticsObj(column, "bigint", ColumnStatisticsData.longStats(data));
    }

    private static ColumnStatisticsObj stringStats(String column, long maxLength, double averageLength, long nulls, long distinct) {
        return new ColumnStatisticsObj(column, "string", ColumnStatisticsData.stringStats(
                new StringColumnStatsData(maxLength, averageLength, nulls, distinct)));
    }

    private static ColumnStatisticsObj decimalStats(String column, String low, String high) {
        DecimalColumnStatsData data = new DecimalColumnStatsData(0, 100);
        data.setLowValue(decimal(low));
        data.setHighValue(decimal(high));
        return new ColumnStatisticsObj(column, "decimal(10,2)", ColumnStatisticsData.decimalStats(data));
    }

    private static Decimal decimal(String text) {
        BigDecimal value = new BigDecimal(text);
        return new Decimal((short) value.scale(), java.nio.ByteBuffer.wrap(value.unscaledValue().toByteArray()));
    }

    private static ColumnStatisticsObj dateStats(String column, String low, String high) {
        DateColumnStatsData data = new DateColumnStatsData(0, 90);
        data.setLowValue(new Date(java.time.LocalDate.parse(low).toEpochDay()));
        data.setHighValue(new Date(java.time.LocalDate.parse(high).toEpochDay()));
        return new ColumnStatisticsObj(column, "date", ColumnStatisticsData.dateStats(data));
    }

    private static ColumnStatisticsObj booleanStats(String column, long trues, long falses, long nulls) {
        return new ColumnStatisticsObj(column, "boolean", ColumnStatisticsData.booleanStats(new BooleanColumnStatsData(trues, falses, nulls)));
    }
}
