package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.AnyType;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Subqueries used as expressions: scalar, EXISTS, IN and ANY/ALL. An uncorrelated subquery runs once
 * per execution (its result is memoised in the {@link Env}); a correlated one runs again for
 * every row of the enclosing query, in an Env nested for that row.
 */
final class SubqueryExprs {
    private SubqueryExprs() {
    }

    static Subquery plan(ExprCompiler c, Select select, Scope s) {
        if (c.subqueries() == null) {
            String where = c.clause() == null ? "this context" : c.clause();
            throw new SqlException("0A000", "cannot use subquery in " + where);
        }
        return c.subqueries().plan(select, s, c);
    }

    static boolean uncorrelated(Subquery q) {
        return q.outerRefs().isEmpty() && !q.readsFurtherOut();
    }

    /** A Bound over a subquery: it reads the enclosing row's columns the subquery reads. */
    static Bound over(Subquery q, Expr e, SqlType t) {
        return new Bound(e, t, Bound.Kind.OTHER, null, 0, -1, q.outerRefs(), q.readsFurtherOut(), false);
    }

    static Bound scalar(ExprCompiler c, ParenthesedSelect ps, Scope s) {
        Subquery q = plan(c, ps.getSelect(), s);
        if (q.columnTypes().size() != 1) {
            throw new SqlException("42601", "subquery must return only one column");
        }
        SqlType t = q.columnTypes().get(0);
        if (uncorrelated(q)) {
            return over(q, (env, row) -> env.memo(q, () -> single(q, env.nest(row))), t);
        }
        return over(q, (env, row) -> single(q, env.nest(row)), t);
    }

    private static Object single(Subquery q, Env env) {
        Iterator<Object[]> it = q.open(env);
        if (!it.hasNext()) {
            return null;
        }
        Object v = it.next()[0];
        if (it.hasNext()) {
            throw new SqlException("21000", "more than one row returned by a subquery used as an expression");
        }
        return v;
    }

    static Bound exists(ExprCompiler c, ExistsExpression x, Scope s) {
        if (!(x.getRightExpression() instanceof ParenthesedSelect ps)) {
            throw SqlErrors.notSupported("EXISTS without a subquery");
        }
        Subquery q = plan(c, ps.getSelect(), s);
        boolean not = x.isNot();
        if (uncorrelated(q)) {
            return over(q, (env, row) -> env.memo(q, () -> q.open(env.nest(row)).hasNext()) != not, SqlType.BOOL);
        }
        return over(q, (env, row) -> q.open(env.nest(row)).hasNext() != not, SqlType.BOOL);
    }

    /** The rows of an uncorrelated IN subquery, as a set, and whether one of them was null. */
    private record ValueSet(Set<HashKey> values, boolean hasNull) {
    }

    static Bound in(ExprCompiler c, InExpression in, Scope s) {
        if (RowComparisons.isRow(in.getLeftExpression())) {
            return RowComparisons.inSubquery(c, in.getLeftExpression(),
                    ((ParenthesedSelect) in.getRightExpression()).getSelect(), in.isNot(), s);
        }
        Bound left = c.compile(in.getLeftExpression(), s);
        Subquery q = plan(c, ((ParenthesedSelect) in.getRightExpression()).getSelect(), s);
        if (q.columnTypes().size() != 1) {
            throw new SqlException("42601", "subquery has too many columns");
        }
        Bound column = Bound.of((env, row) -> row[0], q.columnTypes().get(0));
        Comparisons.Pair p = Comparisons.unify(c, left, column, "=");
        Expr l = p.left().expr();
        Expr convert = p.right().expr();
        SqlType[] types = {p.type()};
        boolean not = in.isNot();
        boolean memo = uncorrelated(q);
        Bound meta = Bound.over(null, SqlType.BOOL, p.left(), over(q, null, SqlType.BOOL));
        return meta.derive((env, row) -> {
            Object x = l.eval(env, row);
            Env inner = env.nest(row);
            ValueSet set = memo ? env.memo(q, () -> collect(q, inner, convert, types))
                    : collect(q, inner, convert, types);
            Boolean found;
            if (set.values.isEmpty() && !set.hasNull) {
                found = false;
            } else if (x == null) {
                found = null;
            } else if (set.values.contains(new HashKey(new Object[] {x}, types))) {
                found = true;
            } else {
                found = set.hasNull ? null : false;
            }
            return found == null ? null : found != not;
        }, SqlType.BOOL);
    }

    /**
     * {@code x op ANY (subquery)} and {@code x op ALL (subquery)}: ANY is true when the
     * comparison holds for some row, ALL when it fails for none; otherwise a null comparison
     * makes the answer null, as with OR and AND over the rows.
     */
    static Bound quantified(ExprCompiler c, Bound left, String op, AnyComparisonExpression any, Scope s) {
        Subquery q = plan(c, any.getSelect(), s);
        if (q.columnTypes().size() != 1) {
            throw new SqlException("42601", "subquery has too many columns");
        }
        Bound column = Bound.of((env, row) -> row[0], q.columnTypes().get(0));
        Comparisons.Pair p = Comparisons.unify(c, left, column, op.equals("!=") ? "<>" : op);
        Expr l = p.left().expr();
        Expr convert = p.right().expr();
        SqlType t = p.type();
        Comparisons.CmpTest test = Comparisons.test(op);
        boolean all = any.getAnyType() == AnyType.ALL;
        boolean memo = uncorrelated(q);
        Bound meta = Bound.over(null, SqlType.BOOL, p.left(), over(q, null, SqlType.BOOL));
        return meta.derive((env, row) -> {
            Object x = l.eval(env, row);
            Env inner = env.nest(row);
            List<Object> values = memo ? env.memo(q, () -> values(q, inner, convert)) : values(q, inner, convert);
            boolean sawNull = false;
            for (Object v : values) {
                if (x == null || v == null) {
                    sawNull = true;
                } else if (test.holds(Values.compare(x, v, t)) != all) {
                    return !all;
                }
            }
            return sawNull ? null : all;
        }, SqlType.BOOL);
    }

    private static List<Object> values(Subquery q, Env env, Expr convert) {
        List<Object> out = new ArrayList<>();
        for (Iterator<Object[]> it = q.open(env); it.hasNext(); ) {
            out.add(convert.eval(env, it.next()));
        }
        return out;
    }

    private static ValueSet collect(Subquery q, Env env, Expr convert, SqlType[] types) {
        Set<HashKey> values = new HashSet<>();
        boolean hasNull = false;
        for (Iterator<Object[]> it = q.open(env); it.hasNext(); ) {
            Object v = convert.eval(env, it.next());
            if (v == null) {
                hasNull = true;
            } else {
                values.add(new HashKey(new Object[] {v}, types));
            }
        }
        return new ValueSet(values, hasNull);
    }
}
