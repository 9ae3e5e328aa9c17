package io.basalt.sql.plan;

import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.schema.Column;

/**
 * What the conjuncts pushed down to one table say about its columns: {@code col = v},
 * {@code col IN (v, ...)} and {@code col < v} style bounds, where {@code v} does not read the
 * row. Only comparisons made in the column's own type qualify, so that the index order is the
 * comparison's order; key values are converted to the column's type.
 */
final class KeyCandidates {
    /** A value a column is compared with, and the text of the conjunct saying so. */
    record Value(Expr expr, String condition) {
    }

    /** A bound on a column. */
    record Range(Expr expr, boolean inclusive, String condition) {
    }

    final Map<Integer, Value> equal = new HashMap<>();
    final Map<Integer, List<Value>> in = new HashMap<>();
    final Map<Integer, Range> lower = new HashMap<>();
    final Map<Integer, Range> upper = new HashMap<>();

    private final ExprCompiler compiler;
    private final Scope scope;

    KeyCandidates(ExprCompiler compiler, Scope scope) {
        this.compiler = compiler;
        this.scope = scope;
    }

    /** Records what {@code conjunct} says about a column, if anything. */
    void add(Expression conjunct, String text) {
        switch (conjunct) {
            // x op ANY/ALL (subquery) compares with many values, none of them a key.
            case ComparisonOperator c when c.getRightExpression() instanceof AnyComparisonExpression -> {
            }
            case ComparisonOperator c -> comparison(c.getLeftExpression(), c.getStringExpression(),
                    c.getRightExpression(), text);
            case Between b when !b.isNot() -> {
                comparison(b.getLeftExpression(), ">=", b.getBetweenExpressionStart(), text);
                comparison(b.getLeftExpression(), "<=", b.getBetweenExpressionEnd(), text);
            }
            case InExpression i when !i.isNot() && i.getRightExpression() instanceof ExpressionList<?> list ->
                    inList(i, list, text);
            default -> {
            }
        }
    }

    private void comparison(Expression l, String op, Expression r, String text) {
        int col = columnOf(l);
        Expression other = r;
        if (col < 0) {
            col = columnOf(r);
            other = l;
            op = flip(op);
        }
        if (col < 0 || op == null) {
            return;
        }
        Expr v = keyValue(col, other);
        if (v == null) {
            return;
        }
        switch (op) {
            case "=" -> equal.putIfAbsent(col, new Value(v, text));
            case ">" -> lower.putIfAbsent(col, new Range(v, false, text));
            case ">=" -> lower.putIfAbsent(col, new Range(v, true, text));
            case "<" -> upper.putIfAbsent(col, new Range(v, false, text));
            case "<=" -> upper.putIfAbsent(col, new Range(v, true, text));
            default -> {
            }
        }
    }

    private void inList(InExpression i, ExpressionList<?> list, String text) {
        int col = columnOf(i.getLeftExpression());
        if (col < 0 || in.containsKey(col)) {
            return;
        }
        List<Value> values = new ArrayList<>();
        for (Expression e : list) {
            Expr v = keyValue(col, e);
            if (v == null) {
                return;
            }
            values.add(new Value(v, text));
        }
        in.put(col, values);
    }

    private static String flip(String op) {
        return switch (op) {
            case "=" -> "=";
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> null;
        };
    }

    /** The row index of a plain column reference of this table, else -1. */
    private int columnOf(Expression e) {
        while (e instanceof ExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        if (!(e instanceof Column c)) {
            return -1;
        }
        try {
            Scope.Resolved r = scope.resolve(Names.qualifier(c), Names.fold(c.getColumnName()));
            return r.depth() == 0 ? r.index() : -1;
        } catch (RuntimeException notHere) {
            return -1;
        }
    }

    /**
     * {@code e} as a key value for column {@code col}, or null when it reads the row, is
     * volatile, or compares in another type than the column's.
     */
    private Expr keyValue(int col, Expression e) {
        Bound b = compiler.compile(e, scope);
        if (!b.independentOfRow() || b.volatile_()) {
            return null;
        }
        TypeKind ck = scope.column(col).type().kind();
        SqlType target = SqlType.of(ck);
        if (b.isUntyped()) {
            return Coercion.implicit(b, target, compiler.params()).expr();
        }
        TypeKind vk = b.type().kind();
        boolean sameOrder = vk == ck
                || ck.isInteger() && vk.isInteger()
                || ck == TypeKind.NUMERIC && vk.isInteger()
                || (ck == TypeKind.TEXT || ck == TypeKind.VARCHAR) && (vk == TypeKind.TEXT || vk == TypeKind.VARCHAR);
        if (!sameOrder) {
            return null;
        }
        // Integer kinds share one key encoding, so an int8 value finds an int4 key without a cast.
        return ck == TypeKind.NUMERIC && vk != ck ? Coercion.implicit(b, target, compiler.params()).expr() : b.expr();
    }
}
