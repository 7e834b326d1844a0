package io.cairn.server.config;

import io.cairn.lineage.LineageModule;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The {@code ingest} role: OpenLineage over HTTP ({@code POST /api/v1/lineage}, {@code /api/v1/lineage/batch}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.INGEST)
@Import(LineageModule.class)
public class IngestRoleConfiguration {
}
