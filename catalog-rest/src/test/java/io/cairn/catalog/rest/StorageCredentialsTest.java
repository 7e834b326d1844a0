package io.cairn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Warehouse;
import java.util.Map;
import org.apache.iceberg.rest.credentials.Credential;
import org.junit.jupiter.api.Test;

class StorageCredentialsTest {

    @Test
    void localStorageNeedsNoCredentials() {
        assertThat(StorageCredentials.forWarehouse(new Warehouse("local", "file:/tmp/wh", Map.of()))).isEmpty();
    }

    @Test
    void anObjectStoreWarehouseVendsItsStorageSettingsForItsLocationOnly() {
        Warehouse lake = new Warehouse("lake", "s3://bucket/lake/", Map.of(
                "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                "s3.endpoint", "http://minio:9000",
                "s3.access-key-id", "id",
                "s3.secret-access-key", "secret"));
        assertThat(StorageCredentials.forWarehouse(lake)).singleElement().satisfies((Credential credential) -> {
            assertThat(credential.prefix()).isEqualTo("s3://bucket/lake");
            assertThat(credential.config()).containsEntry("s3.access-key-id", "id").containsEntry("s3.endpoint", "http://minio:9000")
                    .doesNotContainKey("io-impl");
        });
    }

    @Test
    void credentialsAreVendedOnlyToAClientThatAsksForThem() {
        Warehouse lake = new Warehouse("lake", "s3://bucket/lake/", Map.of("s3.access-key-id", "id"));
        assertThat(StorageCredentials.vended(lake, "vended-credentials")).hasSize(1);
        assertThat(StorageCredentials.vended(lake, "remote-signing, vended-credentials")).hasSize(1);
        assertThat(StorageCredentials.vended(lake, null)).isEmpty();
        assertThat(StorageCredentials.vended(lake, "remote-signing")).isEmpty();
        assertThat(StorageCredentials.vended(new Warehouse("local", "file:/tmp/wh", Map.of()), "vended-credentials")).isEmpty();
    }
}
