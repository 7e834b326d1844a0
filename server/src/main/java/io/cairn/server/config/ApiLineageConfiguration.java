package io.cairn.server.config;

import io.cairn.lineage.LineageReadModule;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
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

    /**
     * OpenLineage namespaces and names are full of slashes ({@code s3://lake}, {@code /marts/totals}); Marquez clients
     * send them as one path segment with {@code %2F}. Tomcat refuses an encoded slash by default; passing it through
     * undecoded lets Spring split the path on real slashes only and decode each segment, so the name arrives whole.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesInLineageNames() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }
}
