package io.cairn.server.config;

import io.cairn.lineage.LineageReadModule;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Lineage reads for the {@code api} role: {@code GET /api/v1/lineage} and {@code GET /api/v1/column-lineage}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(CairnRole.API)
@Import(LineageReadModule.class)
public class ApiLineageConfiguration {
}
