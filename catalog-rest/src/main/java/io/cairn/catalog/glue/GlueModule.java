package io.cairn.catalog.glue;

import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.metadata.auth.Authenticator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Glue-compatible API's beans; the server imports this for the {@code catalog} role, with a {@link HiveMetastores}. */
@Configuration(proxyBeanMethods = false)
@Import(GlueController.class)
public class GlueModule {

    @Bean
    GlueService glueService(HiveMetastores metastores) {
        return new GlueService(metastores);
    }

    @Bean
    SigV4Verifier glueSignatureVerifier(Authenticator authenticator, Clock clock) {
        return new SigV4Verifier(authenticator::signingCredential, clock, "glue");
    }
}
