package io.cairn.graphql.api;

import graphql.schema.DataFetchingEnvironment;
import io.cairn.metadata.auth.Actor;
import io.cairn.metadata.auth.InvalidTokenException;

/** The authenticated {@link Actor} of a GraphQL request, which the server puts into the GraphQL context. */
public final class Actors {

    /** The GraphQL context key under which the request's actor is stored. */
    public static final String CONTEXT_KEY = "cairn.actor";

    private Actors() {
    }

    public static Actor of(DataFetchingEnvironment env) {
        Actor actor = env.getGraphQlContext().get(CONTEXT_KEY);
        if (actor == null) {
            throw new InvalidTokenException("this request is not authenticated");
        }
        return actor;
    }
}
