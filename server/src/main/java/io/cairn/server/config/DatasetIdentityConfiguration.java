package io.cairn.server.config;

import io.cairn.lineage.LineageMigrations;
import io.cairn.lineage.LineageSettings;
import io.cairn.metadata.dataset.DatasetAliases;
import io.cairn.metadata.dataset.DatasetMigrations;
import io.cairn.metadata.schema.MigrationSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every role shares about datasets and lineage: the alias service (the catalog and lineage ingest resolve
 * dataset names through it), the schema both need, and the lineage settings used by the ingest and api roles.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LineageProperties.class)
public class DatasetIdentityConfiguration {

    @Bean
    DatasetAliases datasetAliases() {
        return new DatasetAliases();
    }

    @Bean
    MigrationSet datasetMigrations() {
        return new MigrationSet("dataset-identity", DatasetMigrations.all());
    }

    @Bean
    MigrationSet lineageMigrations() {
        return new MigrationSet("lineage-ingest", LineageMigrations.all());
    }

    @Bean
    LineageSettings lineageSettings(CairnSettings settings, LineageProperties lineage) {
        LineageSettings defaults = LineageSettings.defaults(settings.maxRequestSize().toBytes());
        return new LineageSettings(defaults.maxDecompressedBytes(), defaults.maxBatchEvents(), defaults.keepRawEvents(),
                lineage.rawEventRetention(), lineage.read().limits());
    }
}
