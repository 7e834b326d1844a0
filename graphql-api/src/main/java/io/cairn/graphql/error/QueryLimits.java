package io.cairn.graphql.error;

import graphql.GraphQLError;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLTypeUtil;
import java.util.Map;

/**
 * Query depth and complexity limits, checked before anything executes. Complexity estimates the work: a field costs
 * 1 plus its children; a connection's {@code edges} count once per requested item ({@code first}, default
 * {@link #DEFAULT_PAGE}) and a plain list {@link #LIST_FACTOR} times, so a wide page of deep lists is refused before
 * it reaches a backend.
 */
public final class QueryLimits {

    public static final int DEFAULT_PAGE = 20;
    public static final int LIST_FACTOR = 10;

    private QueryLimits() {
    }

    public static MaxQueryDepthInstrumentation depth(int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth) {
            @Override
            protected AbortExecutionException mkAbortException(int depth, int max) {
                return new LimitExceeded("the query is " + depth + " levels deep; the limit is " + max);
            }
        };
    }

    public static MaxQueryComplexityInstrumentation complexity(int maxComplexity) {
        FieldComplexityCalculator calculator = (env, childComplexity) -> {
            GraphQLFieldDefinition field = env.getFieldDefinition();
            int factor = 1;
            if (field.getName().equals("edges") && env.getParentEnvironment() != null
                    && env.getParentEnvironment().getFieldDefinition().getArgument("first") != null) {
                // A connection's edges repeat once per requested item; its facets, totals and page info do not.
                Object first = env.getParentEnvironment().getArguments().get("first");
                factor = first instanceof Integer n ? Math.max(1, n) : DEFAULT_PAGE;
            } else if (GraphQLTypeUtil.unwrapNonNull(field.getType()) instanceof GraphQLList && !field.getName().equals("edges")) {
                factor = LIST_FACTOR;
            }
            long cost = 1L + (long) childComplexity * factor;
            return (int) Math.min(Integer.MAX_VALUE / 2, cost);
        };
        return new MaxQueryComplexityInstrumentation(maxComplexity, calculator) {
            @Override
            protected AbortExecutionException mkAbortException(int complexity, int max) {
                return new LimitExceeded("the query's estimated complexity is " + complexity + "; the limit is " + max
                        + " (ask for smaller pages or fewer nested lists)");
            }
        };
    }

    /** An aborted execution that says why, with {@code extensions.code = LIMIT_EXCEEDED}. */
    static final class LimitExceeded extends AbortExecutionException implements GraphQLError {

        LimitExceeded(String message) {
            super(message);
        }

        @Override
        public Map<String, Object> getExtensions() {
            return Map.of("code", ErrorCode.LIMIT_EXCEEDED.name());
        }
    }
}
