package io.cairn.graphql.error;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.cairn.metadata.aspect.InvalidAspectException;
import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.InvalidTokenException;
import io.cairn.metadata.governance.GovernanceNotFoundException;
import io.cairn.metadata.urn.InvalidUrnException;
import java.util.Map;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;

/**
 * Turns the domain's exceptions into GraphQL errors with {@code extensions.code}. Anything not listed here is left to
 * Spring for GraphQL, which answers INTERNAL_ERROR without details (the stack trace stays in the server log).
 */
public final class CairnExceptionResolver extends DataFetcherExceptionResolverAdapter {

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        ErrorCode code = codeOf(ex);
        if (code == null) {
            return null;
        }
        return GraphqlErrorBuilder.newError(env)
                .message(ex.getMessage() == null ? code.name() : ex.getMessage())
                .errorType(errorType(code))
                .extensions(Map.of("code", code.name()))
                .build();
    }

    static ErrorCode codeOf(Throwable ex) {
        if (ex instanceof GraphQlInputException input) {
            return input.code();
        }
        if (ex instanceof AccessDeniedException) {
            return ErrorCode.FORBIDDEN;
        }
        if (ex instanceof InvalidTokenException) {
            return ErrorCode.UNAUTHENTICATED;
        }
        if (ex instanceof GovernanceNotFoundException) {
            return ErrorCode.NOT_FOUND;
        }
        if (ex instanceof InvalidAspectException || ex instanceof InvalidUrnException || ex instanceof IllegalArgumentException) {
            return ErrorCode.BAD_USER_INPUT;
        }
        return null;
    }

    static ErrorType errorType(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case BAD_USER_INPUT, LIMIT_EXCEEDED -> ErrorType.BAD_REQUEST;
            case INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }
}
