package io.cairn.server.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** Cairn's Glue API through the AWS SDK's own GlueClient (SigV4, JSON 1.1), and raw signed requests for bad input. */
@DirtiesContext
class GlueClientTest extends GlueServerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TableInput tableInput(String name, String location) {
        return TableInput.builder()
                .name(name)
                .description("page hits")
                .owner("etl")
                .tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "parquet"))
                .partitionKeys(Column.builder().name("year").type("string").build(),
                        Column.builder().name("month").type("int").build())
                .storageDescriptor(StorageDescriptor.builder()
                        .location(location)
                        .columns(Column.builder().name("url").type("string").comment("the page").build(),
                                Column.builder().name("hits").type("bigint").build())
                        .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                        .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                        .serdeInfo(SerDeInfo.builder().serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                                .parameters(Map.of("serialization.format", "1")).build())
                        .build())
                .build();
    }

    @Test
    void databasesTablesVersionsPartitionsAndTagsThroughGlueClient() {
        String[] writer = newClient("writer");
        try (GlueClient glue = glue(writer[0], writer[1])) {
            String db = unique("web");
            glue.createDatabase(r -> r.databaseInput(d -> d.name(db).description("web logs").parameters(Map.of("team", "web"))));
            assertThat(glue.getDatabase(r -> r.name(db)).database().description()).isEqualTo("web logs");
            assertThat(glue.getDatabases(r -> r.maxResults(1000)).databaseList()).anyMatch(d -> d.name().equals(db));
            assertThatThrownBy(() -> glue.createDatabase(r -> r.databaseInput(d -> d.name(db))))
                    .isInstanceOf(AlreadyExistsException.class);

            glue.createTable(r -> r.databaseName(db).tableInput(tableInput("hits", "file:/tmp/cairn-glue/hits")));
            Table table = glue.getTable(r -> r.databaseName(db).name("hits")).table();
            assertThat(table.versionId()).isEqualTo("1");
            assertThat(table.tableType()).isEqualTo("EXTERNAL_TABLE");
            assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("year", "month");
            assertThat(table.storageDescriptor().serdeInfo().parameters()).containsEntry("serialization.format", "1");
            assertThat(table.createTime()).isNotNull();

            TableInput changed = tableInput("hits", "file:/tmp/cairn-glue/hits").toBuilder().description("all page hits").build();
            glue.updateTable(r -> r.databaseName(db).tableInput(changed).versionId("1"));
            assertThatThrownBy(() -> glue.updateTable(r -> r.databaseName(db).tableInput(changed).versionId("1")))
                    .isInstanceOf(ConcurrentModificationException.class).hasMessageContaining("not 1");
            assertThat(glue.getTable(r -> r.databaseName(db).name("hits")).table().versionId()).isEqualTo("2");
            assertThat(glue.getTableVersions(r -> r.databaseName(db).tableName("hits")).tableVersions())
                    .extracting(v -> v.versionId()).containsExactly("2", "1");
            assertThat(glue.getTableVersion(r -> r.databaseName(db).tableName("hits").versionId("1")).tableVersion().table()
                    .description()).isEqualTo("page hits");
            glue.deleteTableVersion(r -> r.databaseName(db).tableName("hits").versionId("1"));
            assertThatThrownBy(() -> glue.getTableVersion(r -> r.databaseName(db).tableName("hits").versionId("1")))
                    .isInstanceOf(EntityNotFoundException.class);

            List<PartitionInput> partitions = new ArrayList<>();
            for (int year = 2023; year <= 2024; year++) {
                for (int month = 1; month <= 12; month++) {
                    partitions.add(PartitionInput.builder().values(String.valueOf(year), String.valueOf(month))
                            .parameters(Map.of("rows", String.valueOf(month * 10))).build());
                }
            }
            assertThat(glue.batchCreatePartition(r -> r.databaseName(db).tableName("hits").partitionInputList(partitions)).errors())
                    .isEmpty();
            assertThat(glue.batchCreatePartition(r -> r.databaseName(db).tableName("hits").partitionInputList(partitions.get(0)))
                    .errors()).singleElement().satisfies(error -> {
                        assertThat(error.partitionValues()).containsExactly("2023", "1");
                        assertThat(error.errorDetail().errorCode()).isEqualTo("AlreadyExistsException");
                    });

            assertThat(partitions(glue, db, "year = '2024' AND month > 3", 4)).hasSize(9)
                    .allMatch(values -> values.get(0).equals("2024") && Integer.parseInt(values.get(1)) > 3);
            assertThat(partitions(glue, db, "month BETWEEN 2 AND 3 OR month IN (12)", 100)).hasSize(6);
            assertThat(partitions(glue, db, "year LIKE '202%' AND NOT (month < 12)", 100)).hasSize(2);
            assertThat(partitions(glue, db, null, 5)).hasSize(24);
            assertThatThrownBy(() -> glue.getPartitions(r -> r.databaseName(db).tableName("hits").expression("day = 1")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a partition key");
            assertThatThrownBy(() -> glue.getPartitions(r -> r.databaseName(db).tableName("hits").expression("year = ")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid partition filter");

            Partition one = glue.getPartition(r -> r.databaseName(db).tableName("hits").partitionValues("2024", "3")).partition();
            assertThat(one.storageDescriptor().location()).isEqualTo("file:/tmp/cairn-glue/hits/year=2024/month=3");
            assertThat(one.parameters()).containsEntry("rows", "30");
            glue.updatePartition(r -> r.databaseName(db).tableName("hits").partitionValueList("2024", "3")
                    .partitionInput(PartitionInput.builder().values("2024", "3").parameters(Map.of("rows", "31")).build()));
            assertThat(glue.batchGetPartition(r -> r.databaseName(db).tableName("hits").partitionsToGet(
                    PartitionValueList.builder().values("2024", "3").build(), PartitionValueList.builder().values("1999", "1").build()))
                    .partitions()).singleElement().satisfies(p -> assertThat(p.parameters()).containsEntry("rows", "31"));
            assertThat(glue.batchDeletePartition(r -> r.databaseName(db).tableName("hits").partitionsToDelete(
                    PartitionValueList.builder().values("2024", "3").build(), PartitionValueList.builder().values("1999", "1").build()))
                    .errors()).singleElement().satisfies(e -> assertThat(e.errorDetail().errorCode()).isEqualTo("EntityNotFoundException"));
            assertThatThrownBy(() -> glue.deletePartition(r -> r.databaseName(db).tableName("hits").partitionValues("2024", "3")))
                    .isInstanceOf(EntityNotFoundException.class);

            assertThat(glue.searchTables(r -> r.searchText("page hits")).tableList()).anyMatch(t -> t.name().equals("hits")
                    && t.databaseName().equals(db));
            assertThat(glue.getTables(r -> r.databaseName(db).expression("hi.*")).tableList()).extracting(Table::name).containsExactly("hits");
            assertThat(glue.getTables(r -> r.databaseName(db).expression("nothing.*")).tableList()).isEmpty();

            String arn = "arn:aws:glue:us-east-1:123456789012:table/" + db + "/hits";
            glue.tagResource(r -> r.resourceArn(arn).tagsToAdd(Map.of("pii", "false", "tier", "gold")));
            glue.untagResource(r -> r.resourceArn(arn).tagsToRemove("pii"));
            assertThat(glue.getTags(r -> r.resourceArn(arn)).tags()).containsExactly(Map.entry("tier", "gold"));
            assertThatThrownBy(() -> glue.getTags(r -> r.resourceArn("arn:aws:glue:us-east-1:1:table/" + db + "/missing")))
                    .isInstanceOf(EntityNotFoundException.class);

            glue.deleteTable(r -> r.databaseName(db).name("hits"));
            assertThatThrownBy(() -> glue.getTable(r -> r.databaseName(db).name("hits"))).isInstanceOf(EntityNotFoundException.class);
            glue.deleteDatabase(r -> r.name(db));
            assertThatThrownBy(() -> glue.getDatabase(r -> r.name(db))).isInstanceOf(EntityNotFoundException.class);
        }
    }

    private static List<List<String>> partitions(GlueClient glue, String db, String expression, int pageSize) {
        List<List<String>> values = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetPartitionsResponse page = glue.getPartitions(r -> r.databaseName(db).tableName("hits").expression(expression)
                    .maxResults(pageSize).nextToken(next));
            page.partitions().forEach(partition -> values.add(partition.values()));
            token = page.nextToken();
        } while (token != null);
        return values;
    }

    @Test
    void signaturesRolesAndBadInputGetGlueErrors() throws Exception {
        String[] writer = newClient("writer");
        String[] reader = newClient("reader");
        try (GlueClient wrongSecret = glue(writer[0], writer[1] + "x");
             GlueClient unknownKey = glue("nobody", "secret");
             GlueClient readOnly = glue(reader[0], reader[1]);
             GlueClient glue = glue(writer[0], writer[1])) {
            assertThatThrownBy(() -> wrongSecret.getDatabases(r -> { }))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("signature does not match");
            assertThatThrownBy(() -> unknownKey.getDatabases(r -> { }))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("unknown access key id");
            assertThat(readOnly.getDatabases(r -> { }).databaseList()).isNotNull();
            assertThatThrownBy(() -> readOnly.createDatabase(r -> r.databaseInput(d -> d.name(unique("nope")))))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("needs writer");
            assertThatThrownBy(() -> glue.createDatabase(r -> r.databaseInput(d -> d.name("bad/name"))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot contain");
            String db = unique("input");
            glue.createDatabase(r -> r.databaseInput(d -> d.name(db)));
            assertThatThrownBy(() -> glue.createTable(r -> r.databaseName(db).tableInput(tableInput("t", null).toBuilder()
                    .tableType("SOMETHING").build()))).isInstanceOf(InvalidInputException.class).hasMessageContaining("table type");
            assertThatThrownBy(() -> glue.getTable(r -> r.databaseName(db).name("missing"))).isInstanceOf(EntityNotFoundException.class);
            assertThatThrownBy(() -> glue.getTable(r -> r.databaseName("missing_db").name("t"))).isInstanceOf(EntityNotFoundException.class);
            assertThatThrownBy(() -> glue.createTable(r -> r.databaseName(db).tableInput(tableInput("t", null).toBuilder()
                    .partitionKeys(Column.builder().name("url").type("string").build()).build())))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("declared twice");
        }

        // Raw requests signed with the SDK's own SigV4 signer, so only the payload is wrong.
        Raw unknown = signedPost(writer, "AWSGlue.StartJobRun", "{\"JobName\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(unknown.json().get("message").asText()).contains("StartJobRun");

        Raw malformed = signedPost(writer, "AWSGlue.GetDatabase", "{\"Name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("__type").asText()).isEqualTo("InvalidInputException");
        assertThat(malformed.json().get("message").asText()).contains("malformed JSON");

        Raw unknownMember = signedPost(writer, "AWSGlue.GetDatabase", "{\"Name\":\"x\",\"Colour\":\"red\"}");
        assertThat(unknownMember.json().get("message").asText()).contains("unknown member 'Colour'");

        Raw wrongType = signedPost(writer, "AWSGlue.GetDatabases", "{\"MaxResults\":\"many\"}");
        assertThat(wrongType.json().get("__type").asText()).isEqualTo("InvalidInputException");

        Raw noTarget = signedPost(writer, "Glue.GetDatabases", "{}");
        assertThat(noTarget.json().get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(glueEndpoint())
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "AWSGlue.GetDatabases")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(unsigned.body()).get("__type").asText()).isEqualTo("AccessDeniedException");

        // A body changed after signing fails verification: the signature covers the payload.
        Raw tampered = signedPost(writer, "AWSGlue.GetDatabases", "{}", "{\"MaxResults\":1}");
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.json().get("message").asText()).contains("does not match");
    }

    record Raw(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private Raw signedPost(String[] client, String target, String body) throws Exception {
        return signedPost(client, target, body, body);
    }

    private Raw signedPost(String[] client, String target, String signedBody, String sentBody) throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(glueEndpoint()).method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target).build();
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(client[0], client[1]))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(signedBody))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "glue")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(glueEndpoint().toString()))
                .POST(HttpRequest.BodyPublishers.ofString(sentBody));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        HttpResponse<String> response = HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        return new Raw(response.statusCode(), response.body());
    }
}
