package io.cairn.server.web;

import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.InvalidTokenException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives handlers the {@link Actor} that {@link AuthenticationFilter} authenticated. */
final class CurrentActorResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Actor.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Object actor = request.getAttribute(AuthenticationFilter.ACTOR_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (actor == null) {
            throw new InvalidTokenException("this request is not authenticated");
        }
        return actor;
    }
}
