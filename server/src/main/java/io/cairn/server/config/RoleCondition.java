package io.cairn.server.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class RoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        CairnRole required = (CairnRole) attributes.get("value");
        return roles(context.getEnvironment()).contains(required);
    }

    /** The roles this process runs: {@code cairn.roles}, all of them when unset. */
    static Set<CairnRole> roles(Environment environment) {
        List<String> configured = Binder.get(environment)
                .bind("cairn.roles", Bindable.listOf(String.class))
                .orElse(List.of("all"));
        return CairnRole.parse(configured);
    }
}
