package io.cairn.server.config;

import io.cairn.lineage.LineageReadModule;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Lineage reads for the {@code api} role: Marquez's {@code GET /api/v1/lineage}, {@code /api/v1/column-lineage},
 * {@code /api/v1/namespaces/...} and {@code /api/v1/jobs/runs/{id}}, and Cairn's paged
 * {@code /api/v1/lineage/upstream}, {@code /downstream} and {@code /impact}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.API)
@Import(LineageReadModule.class)
public class ApiLineageConfiguration {
}
