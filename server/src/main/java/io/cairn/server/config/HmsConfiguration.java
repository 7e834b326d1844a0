package io.cairn.server.config;

import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hms.HmsAuthMode;
import io.cairn.catalog.hms.HmsMigrations;
import io.cairn.catalog.hms.HmsServer;
import io.cairn.catalog.hms.HmsServerSettings;
import io.cairn.metadata.auth.Authenticator;
import io.cairn.metadata.auth.Role;
import io.cairn.metadata.schema.MigrationSet;
import java.time.Clock;
import org.apache.thrift.transport.TTransportException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code catalog} role's Hive Metastore Thrift API on {@code CAIRN_HMS_PORT} (default 9083), over the same
 * tables as the Iceberg REST catalog and the Glue API (one {@link HiveMetastores} serves both).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.CATALOG)
public class HmsConfiguration {

    /** Validates and converts the operator's settings; {@link Preflight} calls it too, so mistakes stop the start. */
    static HmsServerSettings serverSettings(CairnSettings settings) {
        CairnSettings.Hms hms = settings.hms();
        try {
            return new HmsServerSettings(hms.host(), hms.port(), HmsAuthMode.parse(hms.auth()),
                    Role.fromWireName(hms.unauthenticatedRole()), (int) Math.min(Integer.MAX_VALUE, hms.maxMessageSize().toBytes()),
                    hms.maxConnections());
        } catch (IllegalArgumentException e) {
            throw new StartupException("invalid Hive Metastore setting: " + e.getMessage()
                    + " (CAIRN_HMS_AUTH=sasl-plain|none, CAIRN_HMS_UNAUTHENTICATED_ROLE=reader|writer|admin)");
        }
    }

    @Bean
    MigrationSet hmsMigrations() {
        return new MigrationSet("catalog-hms", HmsMigrations.all());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    HmsServer hmsServer(CairnSettings settings, HiveMetastores metastores, Authenticator authenticator, Clock clock)
            throws TTransportException {
        return new HmsServer(serverSettings(settings), metastores, authenticator, clock);
    }
}
