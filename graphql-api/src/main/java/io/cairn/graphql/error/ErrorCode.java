package io.cairn.graphql.error;

/** The {@code extensions.code} of every error Cairn's GraphQL API answers; clients branch on these, never on messages. */
public enum ErrorCode {
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    BAD_USER_INPUT,
    LIMIT_EXCEEDED,
    INTERNAL
}
