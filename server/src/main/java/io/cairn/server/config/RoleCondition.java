package io.cairn.server.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class RoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        CairnRole required = (CairnRole) attributes.get("value");
        List<String> configured = Binder.get(context.getEnvironment())
                .bind("cairn.roles", Bindable.listOf(String.class))
                .orElse(List.of("all"));
        return CairnRole.parse(configured).contains(required);
    }
}
