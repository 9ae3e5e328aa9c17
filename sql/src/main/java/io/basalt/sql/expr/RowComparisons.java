package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Row constructors compared as PostgreSQL compares them: {@code (a, b) op (x, y)},
 * {@code ROW(...)}, {@code IS [NOT] DISTINCT FROM}, {@code (a, b) IN ((x, y), ...)} and
 * {@code (a, b) IN (SELECT x, y ...)}. Each pair of fields meets in one type as a scalar
 * comparison would.
 *
 * <ul>
 * <li>{@code =} is false when a pair differs, else null when a pair has a null, else true;
 *     {@code <>} is its negation.</li>
 * <li>{@code < <= > >=} compare left to right and stop at the first pair that is unequal or
 *     has a null: that pair decides, a null giving null; rows equal throughout satisfy
 *     {@code <=} and {@code >=} only.</li>
 * <li>IN is true when the row equals some row of the list, else null when some comparison was
 *     null, else false.</li>
 * </ul>
 * A row used as a value (in a select list, as a function argument) is 0A000.
 */
final class RowComparisons {
    private RowComparisons() {
    }

    /** Whether {@code e} is a row constructor: a parenthesised list of two or more, or ROW(...). */
    static boolean isRow(Expression e) {
        return e instanceof RowConstructor<?> || e instanceof ExpressionList<?> list && list.size() != 1
                || e instanceof net.sf.jsqlparser.expression.Function f && "row".equals(Functions.name(f));
    }

    private static List<Bound> fields(ExprCompiler c, Expression e, Scope s) {
        List<Bound> out = new ArrayList<>();
        List<Expression> items = e instanceof net.sf.jsqlparser.expression.Function f ? Functions.args(f)
                : new ArrayList<>((ExpressionList<?>) e);
        for (Expression x : items) {
            if (isRow(x)) {
                throw SqlErrors.notSupportedPlural("nested row constructors");
            }
            out.add(c.compile(x, s));
        }
        return out;
    }

    private static List<Bound> operand(ExprCompiler c, Expression e, Scope s, String op, List<Bound> other) {
        if (isRow(e)) {
            return fields(c, e, s);
        }
        if (e instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect) {
            throw SqlErrors.notSupportedPlural("row comparisons with a subquery");
        }
        Bound b = c.compile(e, s);
        throw new SqlException("42883", "operator does not exist: record " + op + " " + b.type().kind().sqlName());
    }

    /** {@code l op r} where at least one side is a row constructor. */
    static Bound compare(ExprCompiler c, Expression left, Expression right, String op, Scope s) {
        String o = op.equals("!=") ? "<>" : op;
        if (!isRow(left)) {
            Bound b = c.compile(left, s);
            throw new SqlException("42883", "operator does not exist: " + b.type().kind().sqlName() + " " + o + " record");
        }
        List<Bound> l = fields(c, left, s);
        List<Bound> r = operand(c, right, s, o, l);
        return compare(c, l, r, o);
    }

    static Bound compare(ExprCompiler c, List<Bound> l, List<Bound> r, String op) {
        Comparisons.Pair[] pairs = unify(c, l, r, op);
        Expr[] a = new Expr[pairs.length];
        Expr[] b = new Expr[pairs.length];
        SqlType[] t = new SqlType[pairs.length];
        List<Bound> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i++) {
            a[i] = pairs[i].left().expr();
            b[i] = pairs[i].right().expr();
            t[i] = pairs[i].type();
            parts.add(pairs[i].left());
            parts.add(pairs[i].right());
        }
        Comparisons.CmpTest test = Comparisons.test(op);
        boolean ordering = !op.equals("=") && !op.equals("<>");
        return Bound.over((env, row) -> {
            Object[] x = new Object[a.length];
            Object[] y = new Object[a.length];
            for (int i = 0; i < a.length; i++) {
                x[i] = a[i].eval(env, row);
                y[i] = b[i].eval(env, row);
            }
            return ordering ? order(x, y, t, test) : equality(x, y, t, op.equals("<>"));
        }, SqlType.BOOL, parts.toArray(Bound[]::new));
    }

    private static Comparisons.Pair[] unify(ExprCompiler c, List<Bound> l, List<Bound> r, String op) {
        if (l.size() != r.size()) {
            throw new SqlException("42601", "unequal number of entries in row expressions");
        }
        Comparisons.Pair[] pairs = new Comparisons.Pair[l.size()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = Comparisons.unify(c, l.get(i), r.get(i), op);
        }
        return pairs;
    }

    /** Row equality in three values: FALSE, null (unknown) or TRUE; negated for {@code <>}. */
    static Boolean equality(Object[] x, Object[] y, SqlType[] t, boolean negate) {
        boolean sawNull = false;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || y[i] == null) {
                sawNull = true;
            } else if (Values.compare(x[i], y[i], t[i]) != 0) {
                return negate;
            }
        }
        return sawNull ? null : !negate;
    }

    private static Boolean order(Object[] x, Object[] y, SqlType[] t, Comparisons.CmpTest test) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || y[i] == null) {
                return null;
            }
            int cmp = Values.compare(x[i], y[i], t[i]);
            if (cmp != 0) {
                return test.holds(cmp);
            }
        }
        return test.holds(0);
    }

    /** {@code l IS [NOT] DISTINCT FROM r} for rows: distinct when some pair is distinct. */
    static Bound isDistinct(ExprCompiler c, Expression left, Expression right, boolean not, Scope s) {
        List<Bound> l = isRow(left) ? fields(c, left, s) : List.of(c.compile(left, s));
        List<Bound> r = operand(c, right, s, "IS DISTINCT FROM", l);
        if (!isRow(left)) {
            throw SqlErrors.operatorDoesNotExist("IS DISTINCT FROM", null, l.get(0).type());
        }
        Comparisons.Pair[] pairs = unify(c, l, r, "IS DISTINCT FROM");
        List<Bound> parts = new ArrayList<>();
        for (Comparisons.Pair p : pairs) {
            parts.add(p.left());
            parts.add(p.right());
        }
        return Bound.over((env, row) -> {
            boolean distinct = false;
            for (Comparisons.Pair p : pairs) {
                if (!Values.equals(p.left().expr().eval(env, row), p.right().expr().eval(env, row), p.type())) {
                    distinct = true;
                    break;
                }
            }
            return distinct != not;
        }, SqlType.BOOL, parts.toArray(Bound[]::new));
    }

    /** {@code (a, b) [NOT] IN ((x, y), ...)}: each element must be a row of the same length. */
    static Bound inList(ExprCompiler c, Expression left, ExpressionList<?> list, boolean not, Scope s) {
        List<Bound> tests = new ArrayList<>();
        for (Expression e : list) {
            if (!isRow(e)) {
                throw new SqlException("42883", "operator does not exist: record = " + c.compile(e, s).type().kind().sqlName());
            }
            tests.add(compare(c, fields(c, left, s), fields(c, e, s), "="));
        }
        return Comparisons.anyTrue(tests, not);
    }

    /** {@code (a, b) [NOT] IN (SELECT x, y ...)}: the subquery's rows compared as rows. */
    static Bound inSubquery(ExprCompiler c, Expression left, Select select, boolean not, Scope s) {
        List<Bound> l = fields(c, left, s);
        Subquery q = SubqueryExprs.plan(c, select, s);
        if (q.columnTypes().size() > l.size()) {
            throw new SqlException("42601", "subquery has too many columns");
        }
        if (q.columnTypes().size() < l.size()) {
            throw new SqlException("42601", "subquery has too few columns");
        }
        List<Bound> columns = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            int index = i;
            columns.add(Bound.of((env, row) -> row[index], q.columnTypes().get(i)));
        }
        Comparisons.Pair[] pairs = unify(c, l, columns, "=");
        int n = pairs.length;
        SqlType[] t = new SqlType[n];
        List<Bound> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t[i] = pairs[i].type();
            parts.add(pairs[i].left());
        }
        parts.add(SubqueryExprs.over(q, null, SqlType.BOOL));
        boolean memo = SubqueryExprs.uncorrelated(q);
        Bound meta = Bound.over(null, SqlType.BOOL, parts.toArray(Bound[]::new));
        return meta.derive((env, row) -> {
            Object[] x = new Object[n];
            for (int i = 0; i < n; i++) {
                x[i] = pairs[i].left().expr().eval(env, row);
            }
            Env inner = env.nest(row);
            List<Object[]> rows = memo ? env.memo(q, () -> rows(q, inner, pairs)) : rows(q, inner, pairs);
            boolean sawNull = false;
            for (Object[] y : rows) {
                Boolean eq = equality(x, y, t, false);
                if (Boolean.TRUE.equals(eq)) {
                    return !not;
                }
                sawNull |= eq == null;
            }
            return sawNull ? null : not;
        }, SqlType.BOOL);
    }

    private static List<Object[]> rows(Subquery q, Env env, Comparisons.Pair[] pairs) {
        List<Object[]> out = new ArrayList<>();
        for (Iterator<Object[]> it = q.open(env); it.hasNext(); ) {
            Object[] raw = it.next();
            Object[] converted = new Object[pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                converted[i] = pairs[i].right().expr().eval(env, raw);
            }
            out.add(converted);
        }
        return out;
    }
}
