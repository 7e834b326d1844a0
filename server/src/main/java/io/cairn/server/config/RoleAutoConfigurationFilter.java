package io.cairn.server.config;

import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Spring Boot's auto-configurations that serve a role's endpoints out of a process that does not run the role.
 * Boot's GraphQL auto-configuration serves {@code /graphql} and GraphiQL whenever a schema is on the classpath, and the
 * schema ships in the one artifact whatever the roles; so without the {@code api} role none of it is configured and
 * those paths are not found. Role-gated configurations cannot re-import an excluded auto-configuration (Boot applies
 * exclusions to every auto-configuration import), hence a filter. Registered in {@code META-INF/spring.factories}.
 */
public final class RoleAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    /** Auto-configuration packages (with the trailing dot) and the role whose endpoints they serve. */
    private static final Map<String, CairnRole> ROLE_OF_PACKAGE = Map.of(
            "org.springframework.boot.autoconfigure.graphql.", CairnRole.API,
            "org.springframework.boot.actuate.autoconfigure.observation.graphql.", CairnRole.API);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
        Set<CairnRole> roles = RoleCondition.roles(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = candidate == null || ROLE_OF_PACKAGE.entrySet().stream()
                    .noneMatch(entry -> candidate.startsWith(entry.getKey()) && !roles.contains(entry.getValue()));
        }
        return matches;
    }
}
