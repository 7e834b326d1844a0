package io.cairn.server.graphql;

import io.cairn.graphql.api.Actors;
import io.cairn.metadata.auth.Actor;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Hands the {@link Actor} that the server's {@code AuthenticationFilter} authenticated (a request attribute named after
 * the class) to the GraphQL resolvers, through the GraphQL context. Requests without one never get here: the filter
 * answers them 401.
 */
final class ActorContextInterceptor implements WebGraphQlInterceptor {

    private static final String ACTOR_ATTRIBUTE = Actor.class.getName();

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request.getAttributes().get(ACTOR_ATTRIBUTE) instanceof Actor actor) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(Actors.CONTEXT_KEY, actor)).build());
        }
        return chain.next(request);
    }
}
