package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;

/**
 * Comparison operators, IS [NOT] DISTINCT FROM, BETWEEN, IN (list) and LIKE. Operands meet in
 * one type first ({@link Coercion#operatorType}); a null operand makes the result null except
 * for IS DISTINCT FROM, and IN is null rather than false when no element matched but one was null.
 */
public final class Comparisons {
    private Comparisons() {
    }

    /** Two operands converted to the type their comparison happens in. */
    public record Pair(Bound left, Bound right, SqlType type) {
    }

    /** Resolves the operand types of {@code l op r}; 42883 when PostgreSQL has no such operator. */
    public static Pair unify(ExprCompiler c, Bound l, Bound r, String op) {
        Bound[] relations = CatalogFunctions.relationOperands(c, l, r, op);
        if (relations == null) {
            relations = ArrayExprs.comparisonOperands(c, l, r, op);
        }
        if (relations != null) {
            l = relations[0];
            r = relations[1];
        }
        SqlType t;
        if (l.isUntyped() && r.isUntyped()) {
            t = SqlType.TEXT;
        } else if (l.isUntyped()) {
            t = SqlType.of(r.isUnknown() ? io.basalt.sql.types.TypeKind.TEXT : r.type().kind());
        } else if (r.isUntyped()) {
            t = SqlType.of(l.isUnknown() ? io.basalt.sql.types.TypeKind.TEXT : l.type().kind());
        } else {
            t = Coercion.operatorType(l.type(), r.type());
            if (t == null) {
                throw SqlErrors.operatorDoesNotExist(op, l.type(), r.type());
            }
        }
        return new Pair(Coercion.implicit(l, t, c.params()), Coercion.implicit(r, t, c.params()), t);
    }

    static Bound compare(ExprCompiler c, ComparisonOperator cmp, Scope s) {
        String op = cmp.getStringExpression();
        if (RowComparisons.isRow(cmp.getLeftExpression()) || RowComparisons.isRow(cmp.getRightExpression())) {
            return RowComparisons.compare(c, cmp.getLeftExpression(), cmp.getRightExpression(), op, s);
        }
        Bound l = c.compile(cmp.getLeftExpression(), s);
        if (cmp.getRightExpression() instanceof net.sf.jsqlparser.expression.AnyComparisonExpression any) {
            return SubqueryExprs.quantified(c, l, op, any, s);
        }
        if (cmp.getRightExpression() instanceof net.sf.jsqlparser.expression.Function f
                && Functions.QUANTIFIERS.contains(Functions.name(f)) && Functions.args(f).size() == 1) {
            return ArrayExprs.quantified(c, l, op, Functions.name(f).equals("all"), Functions.args(f).get(0), s);
        }
        Bound r = c.compile(cmp.getRightExpression(), s);
        return compare(c, l, r, op);
    }

    /** {@code l op r} for op one of = <> != < <= > >=. */
    public static Bound compare(ExprCompiler c, Bound l, Bound r, String op) {
        Pair p = unify(c, l, r, op.equals("!=") ? "<>" : op);
        Expr a = p.left().expr();
        Expr b = p.right().expr();
        SqlType t = p.type();
        CmpTest test = test(op);
        return Bound.over((env, row) -> {
            Object x = a.eval(env, row);
            if (x == null) {
                return null;
            }
            Object y = b.eval(env, row);
            if (y == null) {
                return null;
            }
            return test.holds(Values.compare(x, y, t));
        }, SqlType.BOOL, p.left(), p.right());
    }

    /** Whether a comparison result (negative, zero, positive) satisfies an operator. */
    @FunctionalInterface
    interface CmpTest {
        boolean holds(int cmp);
    }

    static CmpTest test(String op) {
        return switch (op) {
            case "=" -> r -> r == 0;
            case "<>", "!=" -> r -> r != 0;
            case "<" -> r -> r < 0;
            case "<=" -> r -> r <= 0;
            case ">" -> r -> r > 0;
            case ">=" -> r -> r >= 0;
            default -> throw SqlErrors.notSupported("operator " + op);
        };
    }

    static Bound isDistinct(ExprCompiler c, IsDistinctExpression d, Scope s) {
        if (RowComparisons.isRow(d.getLeftExpression()) || RowComparisons.isRow(d.getRightExpression())) {
            return RowComparisons.isDistinct(c, d.getLeftExpression(), d.getRightExpression(), d.isNot(), s);
        }
        Pair p = unify(c, c.compile(d.getLeftExpression(), s), c.compile(d.getRightExpression(), s),
                "IS DISTINCT FROM");
        Expr a = p.left().expr();
        Expr b = p.right().expr();
        SqlType t = p.type();
        boolean not = d.isNot();
        return Bound.over((env, row) -> Values.equals(a.eval(env, row), b.eval(env, row), t) == not,
                SqlType.BOOL, p.left(), p.right());
    }

    static Bound between(ExprCompiler c, Between b, Scope s) {
        Bound lo = compare(c, c.compile(b.getLeftExpression(), s), c.compile(b.getBetweenExpressionStart(), s), ">=");
        Bound hi = compare(c, c.compile(b.getLeftExpression(), s), c.compile(b.getBetweenExpressionEnd(), s), "<=");
        Expr x = lo.expr();
        Expr y = hi.expr();
        boolean not = b.isNot();
        return Bound.over((env, row) -> {
            Object p = x.eval(env, row);
            if (Boolean.FALSE.equals(p)) {
                return not;
            }
            Object q = y.eval(env, row);
            if (Boolean.FALSE.equals(q)) {
                return not;
            }
            return p == null || q == null ? null : !not;
        }, SqlType.BOOL, lo, hi);
    }

    static Bound inList(ExprCompiler c, InExpression in, Scope s) {
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw SqlErrors.notSupported("IN with " + in.getRightExpression());
        }
        if (RowComparisons.isRow(in.getLeftExpression())) {
            return RowComparisons.inList(c, in.getLeftExpression(), list, in.isNot(), s);
        }
        List<Bound> tests = new ArrayList<>();
        for (Expression e : list) {
            tests.add(compare(c, c.compile(in.getLeftExpression(), s), c.compile(e, s), "="));
        }
        return anyTrue(tests, in.isNot());
    }

    /**
     * {@code [NOT] IN}'s three-valued answer over its equality tests: true if any is true, else
     * null if any is null, else false (each negated under NOT).
     */
    static Bound anyTrue(List<Bound> tests, boolean not) {
        Expr[] exprs = tests.stream().map(Bound::expr).toArray(Expr[]::new);
        return Bound.over((env, row) -> {
            boolean sawNull = false;
            for (Expr e : exprs) {
                Object v = e.eval(env, row);
                if (Boolean.TRUE.equals(v)) {
                    return !not;
                }
                sawNull |= v == null;
            }
            return sawNull ? null : not;
        }, SqlType.BOOL, tests.toArray(Bound[]::new));
    }

    static Bound like(ExprCompiler c, LikeExpression l, Scope s) {
        if (l.getLikeKeyWord() != LikeExpression.KeyWord.LIKE && l.getLikeKeyWord() != LikeExpression.KeyWord.ILIKE) {
            throw SqlErrors.notSupportedPlural(l.getLikeKeyWord() + " patterns");
        }
        boolean insensitive = l.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE;
        Bound value = c.compile(l.getLeftExpression(), s);
        Bound pattern = c.compile(l.getRightExpression(), s);
        String op = (l.isNot() ? "!" : "") + (insensitive ? "~~*" : "~~");
        if (!ExprCompiler.isString(value.type()) || !ExprCompiler.isString(pattern.type())) {
            throw SqlErrors.operatorDoesNotExist(op, value.type(), pattern.type());
        }
        value = value.type().kind() == io.basalt.sql.types.TypeKind.BPCHAR ? padded(value)
                : Coercion.implicit(value, SqlType.TEXT, c.params());
        pattern = Coercion.implicit(pattern, SqlType.TEXT, c.params());
        Character escape = escape(c, l, s);
        Expr v = value.expr();
        Expr p = pattern.expr();
        boolean not = l.isNot();
        if (pattern.kind() == Bound.Kind.LITERAL || pattern.kind() == Bound.Kind.UNKNOWN_LITERAL) {
            String text = (String) p.eval(null, null);
            LikePattern fixed = text == null ? null : LikePattern.compile(text, escape, insensitive);
            return Bound.over((env, row) -> {
                Object x = v.eval(env, row);
                return x == null || fixed == null ? null : fixed.matches((String) x) != not;
            }, SqlType.BOOL, value, pattern);
        }
        return Bound.over((env, row) -> {
            Object x = v.eval(env, row);
            Object y = p.eval(env, row);
            if (x == null || y == null) {
                return null;
            }
            return LikePattern.compile((String) y, escape, insensitive).matches((String) x) != not;
        }, SqlType.BOOL, value, pattern);
    }

    /** A character(n) value with its padding, which LIKE matches against ('ab'::char(3) LIKE 'ab' is false). */
    private static Bound padded(Bound b) {
        Expr e = b.expr();
        SqlType t = b.type();
        return b.derive((env, row) -> TextCodec.format(e.eval(env, row), t, env.ctx().zone()), SqlType.TEXT);
    }

    /** The ESCAPE character: backslash by default, none for ESCAPE ''. */
    private static Character escape(ExprCompiler c, LikeExpression l, Scope s) {
        if (l.getEscape() == null) {
            return '\\';
        }
        Bound e = c.compile(l.getEscape(), s);
        if (e.kind() != Bound.Kind.UNKNOWN_LITERAL && e.kind() != Bound.Kind.LITERAL
                || !(e.expr().eval(null, null) instanceof String text)) {
            throw SqlErrors.notSupported("a non-constant ESCAPE");
        }
        if (text.length() > 1) {
            throw new SqlException("22025", "invalid escape string", null,
                    "Escape string must be empty or one character.", 0, null);
        }
        return text.isEmpty() ? null : text.charAt(0);
    }
}
