package io.cairn.catalog.hive;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A partition filter in the syntax Hive's {@code get_partitions_by_filter} and Glue's {@code GetPartitions
 * Expression} share, parsed once into a small tree and evaluated over partition values:
 *
 * <pre>
 *   expr    := or
 *   or      := and (OR and)*
 *   and     := not (AND not)*
 *   not     := NOT not | primary
 *   primary := '(' expr ')' | key op literal | literal op key | key [NOT] IN '(' literal (',' literal)* ')'
 *            | key [NOT] BETWEEN literal AND literal | key [NOT] LIKE string | key IS [NOT] NULL
 *   op      := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 *   literal := 'string' | "string" | number | DATE 'yyyy-mm-dd' | TIMESTAMP '...'
 * </pre>
 *
 * Keys are partition key names (case-insensitive, optionally in back-quotes). Comparisons are numeric when the key's
 * type is numeric (or the key is a string and both sides are numbers), else by string; {@code LIKE} takes SQL
 * wildcards {@code %} and {@code _}; {@code IS NULL} matches Hive's default partition. Input is bounded: at most
 * {@value #MAX_LENGTH} characters and {@value #MAX_DEPTH} levels of nesting.
 */
public final class PartitionFilter {

    public static final int MAX_LENGTH = 16_384;
    public static final int MAX_DEPTH = 64;

    /** A node of the filter tree. */
    public sealed interface Node permits And, Or, Not, Comparison, In, Between, Like, IsNull {
    }

    public record And(Node left, Node right) implements Node {
    }

    public record Or(Node left, Node right) implements Node {
    }

    public record Not(Node operand) implements Node {
    }

    public enum Operator { EQ, NE, LT, LE, GT, GE }

    /** A literal as written; {@code number} tells whether it was an unquoted number. */
    public record Literal(String text, boolean number) {
    }

    public record Comparison(String key, Operator operator, Literal value) implements Node {
    }

    public record In(String key, List<Literal> values, boolean negated) implements Node {
    }

    public record Between(String key, Literal low, Literal high, boolean negated) implements Node {
    }

    public record Like(String key, String pattern, boolean negated) implements Node {
    }

    public record IsNull(String key, boolean negated) implements Node {
    }

    private static final Set<String> NUMERIC_TYPES = Set.of("tinyint", "smallint", "int", "integer", "bigint", "float",
            "double", "long", "short", "byte", "real");

    private final String expression;
    private final Node root;

    private PartitionFilter(String expression, Node root) {
        this.expression = expression;
        this.root = root;
    }

    /** Parses a filter; null or blank matches every partition. Throws {@link InvalidObjectException} on bad syntax. */
    public static PartitionFilter parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return new PartitionFilter("", null);
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidObjectException("the partition filter is longer than " + MAX_LENGTH + " characters");
        }
        Parser parser = new Parser(expression, new Lexer(expression).tokens());
        Node root = parser.expression(0);
        parser.expectEnd();
        return new PartitionFilter(expression, root);
    }

    /** The tree; null when the filter matches everything. */
    public Node root() {
        return root;
    }

    public boolean matchesAll() {
        return root == null;
    }

    /**
     * The filter as a test on a partition's values (in the order of {@code partitionKeys}). Throws
     * {@link InvalidObjectException} if the filter names a key the table does not have.
     */
    public Predicate<List<String>> bind(List<HiveColumn> partitionKeys) {
        Map<String, Integer> positions = new HashMap<>();
        Map<String, Boolean> numeric = new HashMap<>();
        for (int i = 0; i < partitionKeys.size(); i++) {
            String name = partitionKeys.get(i).name().toLowerCase(Locale.ROOT);
            positions.put(name, i);
            numeric.put(name, isNumericType(partitionKeys.get(i).type()));
        }
        if (root == null) {
            return values -> true;
        }
        check(root, positions.keySet());
        Map<String, Pattern> likes = new HashMap<>();
        collectLikes(root, likes);
        return values -> evaluate(root, values, new Binding(positions, numeric, likes));
    }

    @Override
    public String toString() {
        return expression;
    }

    private static boolean isNumericType(String type) {
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        return NUMERIC_TYPES.contains(t) || t.startsWith("decimal");
    }

    private void check(Node node, Set<String> keys) {
        String key = null;
        if (node instanceof And and) {
            check(and.left(), keys);
            check(and.right(), keys);
        } else if (node instanceof Or or) {
            check(or.left(), keys);
            check(or.right(), keys);
        } else if (node instanceof Not not) {
            check(not.operand(), keys);
        } else if (node instanceof Comparison comparison) {
            key = comparison.key();
        } else if (node instanceof In in) {
            key = in.key();
        } else if (node instanceof Between between) {
            key = between.key();
        } else if (node instanceof Like like) {
            key = like.key();
        } else if (node instanceof IsNull isNull) {
            key = isNull.key();
        }
        if (key != null && !keys.contains(key)) {
            throw new InvalidObjectException("the partition filter '" + expression + "' names '" + key
                    + "', which is not a partition key of the table (keys: " + String.join(", ", keys.stream().sorted().toList()) + ")");
        }
    }

    /** What evaluation needs besides the values: key positions and types, compiled LIKE patterns. */
    private record Binding(Map<String, Integer> positions, Map<String, Boolean> numeric, Map<String, Pattern> likes) {
    }

    private static void collectLikes(Node node, Map<String, Pattern> likes) {
        if (node instanceof And and) {
            collectLikes(and.left(), likes);
            collectLikes(and.right(), likes);
        } else if (node instanceof Or or) {
            collectLikes(or.left(), likes);
            collectLikes(or.right(), likes);
        } else if (node instanceof Not not) {
            collectLikes(not.operand(), likes);
        } else if (node instanceof Like like) {
            likes.computeIfAbsent(like.pattern(), PartitionFilter::likePattern);
        }
    }

    private static boolean evaluate(Node node, List<String> values, Binding binding) {
        Map<String, Integer> positions = binding.positions();
        Map<String, Boolean> numeric = binding.numeric();
        if (node instanceof And and) {
            return evaluate(and.left(), values, binding) && evaluate(and.right(), values, binding);
        }
        if (node instanceof Or or) {
            return evaluate(or.left(), values, binding) || evaluate(or.right(), values, binding);
        }
        if (node instanceof Not not) {
            return !evaluate(not.operand(), values, binding);
        }
        if (node instanceof Comparison c) {
            String value = values.get(positions.get(c.key()));
            if (isNullValue(value)) {
                return false;
            }
            Integer order = compare(value, c.value(), numeric.get(c.key()));
            if (order == null) {
                return c.operator() == Operator.NE;
            }
            return switch (c.operator()) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                case GE -> order >= 0;
            };
        }
        if (node instanceof In in) {
            String value = values.get(positions.get(in.key()));
            boolean found = !isNullValue(value) && in.values().stream()
                    .anyMatch(literal -> Objects.equals(compare(value, literal, numeric.get(in.key())), 0));
            return found != in.negated();
        }
        if (node instanceof Between between) {
            String value = values.get(positions.get(between.key()));
            if (isNullValue(value)) {
                return false;
            }
            Integer low = compare(value, between.low(), numeric.get(between.key()));
            Integer high = compare(value, between.high(), numeric.get(between.key()));
            boolean inside = low != null && high != null && low >= 0 && high <= 0;
            return inside != between.negated();
        }
        if (node instanceof Like like) {
            String value = values.get(positions.get(like.key()));
            boolean matches = !isNullValue(value) && binding.likes().get(like.pattern()).matcher(value).matches();
            return matches != like.negated();
        }
        IsNull isNull = (IsNull) node;
        return isNullValue(values.get(positions.get(isNull.key()))) != isNull.negated();
    }

    private static boolean isNullValue(String value) {
        return value == null || value.isEmpty() || value.equals(PartitionNames.DEFAULT_PARTITION);
    }

    /** value compared with the literal; null when they cannot be compared (a numeric key holding a non-number). */
    private static Integer compare(String value, Literal literal, boolean numericKey) {
        if (numericKey || literal.number()) {
            BigDecimal left = number(value);
            BigDecimal right = number(literal.text());
            if (left != null && right != null) {
                return Integer.signum(left.compareTo(right));
            }
            if (numericKey) {
                return null;
            }
        }
        return Integer.signum(value.compareTo(literal.text()));
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ---- lexing and parsing

    private enum TokenType { IDENTIFIER, STRING, NUMBER, OPERATOR, LEFT, RIGHT, COMMA, END }

    private record Token(TokenType type, String text, int position) {
        boolean isKeyword(String keyword) {
            return type == TokenType.IDENTIFIER && text.equalsIgnoreCase(keyword);
        }
    }

    private static final class Lexer {
        private final String text;
        private int at;

        Lexer(String text) {
            this.text = text;
        }

        List<Token> tokens() {
            List<Token> tokens = new ArrayList<>();
            while (true) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at >= text.length()) {
                    tokens.add(new Token(TokenType.END, "", at));
                    return tokens;
                }
                int start = at;
                char c = text.charAt(at);
                if (c == '(') {
                    at++;
                    tokens.add(new Token(TokenType.LEFT, "(", start));
                } else if (c == ')') {
                    at++;
                    tokens.add(new Token(TokenType.RIGHT, ")", start));
                } else if (c == ',') {
                    at++;
                    tokens.add(new Token(TokenType.COMMA, ",", start));
                } else if (c == '\'' || c == '"') {
                    tokens.add(new Token(TokenType.STRING, quoted(c), start));
                } else if (c == '`') {
                    int end = text.indexOf('`', at + 1);
                    if (end < 0) {
                        throw error("unterminated back-quoted name", start);
                    }
                    tokens.add(new Token(TokenType.IDENTIFIER, text.substring(at + 1, end), start));
                    at = end + 1;
                } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && at + 1 < text.length()
                        && (Character.isDigit(text.charAt(at + 1)) || text.charAt(at + 1) == '.'))) {
                    at++;
                    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.'
                            || ((text.charAt(at) == '-' || text.charAt(at) == '+')
                            && Character.toLowerCase(text.charAt(at - 1)) == 'e'))) {
                        at++;
                    }
                    String number = text.substring(start, at);
                    String digits = number.replaceAll("[lLsSyYdDfF]$", "");
                    if (number(digits) == null) {
                        throw error("'" + number + "' is not a number", start);
                    }
                    tokens.add(new Token(TokenType.NUMBER, digits, start));
                } else if (Character.isLetter(c) || c == '_') {
                    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                        at++;
                    }
                    tokens.add(new Token(TokenType.IDENTIFIER, text.substring(start, at), start));
                } else if ("=!<>".indexOf(c) >= 0) {
                    at++;
                    if (at < text.length() && "=>".indexOf(text.charAt(at)) >= 0) {
                        at++;
                    }
                    String op = text.substring(start, at);
                    if (!Set.of("=", "==", "!=", "<>", "<", "<=", ">", ">=").contains(op)) {
                        throw error("unknown operator '" + op + "'", start);
                    }
                    tokens.add(new Token(TokenType.OPERATOR, op, start));
                } else {
                    throw error("unexpected character '" + c + "'", start);
                }
            }
        }

        private String quoted(char quote) {
            StringBuilder value = new StringBuilder();
            int start = at;
            at++;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '\\' && at + 1 < text.length()) {
                    value.append(text.charAt(at + 1));
                    at += 2;
                } else if (c == quote) {
                    if (at + 1 < text.length() && text.charAt(at + 1) == quote) {
                        value.append(quote);
                        at += 2;
                    } else {
                        at++;
                        return value.toString();
                    }
                } else {
                    value.append(c);
                    at++;
                }
            }
            throw error("unterminated string", start);
        }

        private InvalidObjectException error(String message, int position) {
            return new InvalidObjectException("invalid partition filter '" + text + "': " + message + " at position " + position);
        }
    }

    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private int at;

        Parser(String text, List<Token> tokens) {
            this.text = text;
            this.tokens = tokens;
        }

        Node expression(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " levels deep", peek());
            }
            Node left = and(depth);
            while (peek().isKeyword("OR")) {
                at++;
                left = new Or(left, and(depth));
            }
            return left;
        }

        private Node and(int depth) {
            Node left = not(depth);
            while (peek().isKeyword("AND")) {
                at++;
                left = new And(left, not(depth));
            }
            return left;
        }

        private Node not(int depth) {
            if (peek().isKeyword("NOT")) {
                at++;
                if (depth > MAX_DEPTH) {
                    throw error("nested more than " + MAX_DEPTH + " levels deep", peek());
                }
                return new Not(not(depth + 1));
            }
            return primary(depth);
        }

        private Node primary(int depth) {
            Token token = peek();
            if (token.type() == TokenType.LEFT) {
                at++;
                Node inner = expression(depth + 1);
                expect(TokenType.RIGHT, "')'");
                return inner;
            }
            if (token.type() == TokenType.STRING || token.type() == TokenType.NUMBER || isTypedLiteral()) {
                // literal op key, as in 3 < month
                Literal literal = literal();
                Token op = expect(TokenType.OPERATOR, "a comparison operator");
                String key = key();
                return new Comparison(key, flip(operator(op)), literal);
            }
            String key = key();
            Token next = peek();
            if (next.type() == TokenType.OPERATOR) {
                at++;
                return new Comparison(key, operator(next), literal());
            }
            boolean negated = false;
            if (next.isKeyword("NOT")) {
                negated = true;
                at++;
                next = peek();
            }
            if (next.isKeyword("IN")) {
                at++;
                expect(TokenType.LEFT, "'(' after IN");
                List<Literal> values = new ArrayList<>();
                values.add(literal());
                while (peek().type() == TokenType.COMMA) {
                    at++;
                    values.add(literal());
                }
                expect(TokenType.RIGHT, "')' closing the IN list");
                return new In(key, values, negated);
            }
            if (next.isKeyword("BETWEEN")) {
                at++;
                Literal low = literal();
                if (!peek().isKeyword("AND")) {
                    throw error("expected AND in BETWEEN", peek());
                }
                at++;
                return new Between(key, low, literal(), negated);
            }
            if (next.isKeyword("LIKE")) {
                at++;
                Token pattern = expect(TokenType.STRING, "a quoted pattern after LIKE");
                return new Like(key, pattern.text(), negated);
            }
            if (!negated && next.isKeyword("IS")) {
                at++;
                boolean not = false;
                if (peek().isKeyword("NOT")) {
                    not = true;
                    at++;
                }
                if (!peek().isKeyword("NULL")) {
                    throw error("expected NULL after IS", peek());
                }
                at++;
                return new IsNull(key, not);
            }
            throw error("expected a comparison, IN, BETWEEN, LIKE or IS NULL after '" + key + "'", next);
        }

        private boolean isTypedLiteral() {
            Token token = peek();
            return (token.isKeyword("DATE") || token.isKeyword("TIMESTAMP"))
                    && tokens.get(at + 1).type() == TokenType.STRING;
        }

        private String key() {
            Token token = peek();
            if (token.type() != TokenType.IDENTIFIER || Set.of("and", "or", "not", "in", "between", "like", "is", "null")
                    .contains(token.text().toLowerCase(Locale.ROOT))) {
                throw error("expected a partition key", token);
            }
            at++;
            return token.text().toLowerCase(Locale.ROOT);
        }

        private Literal literal() {
            if (isTypedLiteral()) {
                at++;
            }
            Token token = peek();
            if (token.type() == TokenType.STRING) {
                at++;
                return new Literal(token.text(), false);
            }
            if (token.type() == TokenType.NUMBER) {
                at++;
                return new Literal(token.text(), true);
            }
            throw error("expected a quoted string or a number", token);
        }

        private static Operator operator(Token token) {
            return switch (token.text()) {
                case "=", "==" -> Operator.EQ;
                case "!=", "<>" -> Operator.NE;
                case "<" -> Operator.LT;
                case "<=" -> Operator.LE;
                case ">" -> Operator.GT;
                default -> Operator.GE;
            };
        }

        private static Operator flip(Operator operator) {
            return switch (operator) {
                case LT -> Operator.GT;
                case LE -> Operator.GE;
                case GT -> Operator.LT;
                case GE -> Operator.LE;
                default -> operator;
            };
        }

        private Token expect(TokenType type, String what) {
            Token token = peek();
            if (token.type() != type) {
                throw error("expected " + what, token);
            }
            at++;
            return token;
        }

        void expectEnd() {
            if (peek().type() != TokenType.END) {
                throw error("unexpected '" + peek().text() + "'", peek());
            }
        }

        private Token peek() {
            return tokens.get(Math.min(at, tokens.size() - 1));
        }

        private InvalidObjectException error(String message, Token token) {
            String where = token.type() == TokenType.END ? "at the end" : "at position " + token.position();
            return new InvalidObjectException("invalid partition filter '" + text + "': " + message + " " + where);
        }
    }
}
