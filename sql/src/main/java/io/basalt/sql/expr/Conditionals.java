package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.WhenClause;

/** CASE, COALESCE, NULLIF, GREATEST and LEAST: result branches resolved to one common type. */
final class Conditionals {
    private Conditionals() {
    }

    /** COALESCE, NULLIF, GREATEST or LEAST called {@code name}, or null for another function. */
    static Bound dispatch(ExprCompiler c, String name, List<Expression> args, Scope s) {
        return switch (name) {
            case "coalesce" -> args.isEmpty() ? null : coalesce(c, args, s);
            case "nullif" -> args.size() == 2 ? nullif(c, args.get(0), args.get(1), s) : null;
            case "greatest" -> args.isEmpty() ? null : extreme(c, args, s, "GREATEST", 1);
            case "least" -> args.isEmpty() ? null : extreme(c, args, s, "LEAST", -1);
            default -> null;
        };
    }

    static Bound caseExpr(ExprCompiler c, CaseExpression ce, Scope s) {
        List<Bound> conditions = new ArrayList<>();
        List<Bound> results = new ArrayList<>();
        for (WhenClause w : ce.getWhenClauses()) {
            Bound cond = ce.getSwitchExpression() == null
                    ? c.compileCondition(w.getWhenExpression(), s, "CASE/WHEN")
                    : Comparisons.compare(c, c.compile(ce.getSwitchExpression(), s),
                            c.compile(w.getWhenExpression(), s), "=");
            conditions.add(cond);
            results.add(c.compile(w.getThenExpression(), s));
        }
        Bound otherwise = ce.getElseExpression() == null ? null : c.compile(ce.getElseExpression(), s);
        // PostgreSQL resolves the ELSE branch first, which shows in its mismatch message.
        List<Bound> all = new ArrayList<>();
        if (otherwise != null) {
            all.add(otherwise);
        }
        all.addAll(results);
        SqlType t = Coercion.commonType(all.stream().map(Bound::type).toList(), "CASE");
        Expr[] whens = conditions.stream().map(Bound::expr).toArray(Expr[]::new);
        Expr[] thens = results.stream().map(b -> Coercion.implicit(b, t, c.params()).expr()).toArray(Expr[]::new);
        Expr orElse = otherwise == null ? null : Coercion.implicit(otherwise, t, c.params()).expr();
        all.addAll(conditions);
        return Bound.over((env, row) -> {
            for (int i = 0; i < whens.length; i++) {
                if (Boolean.TRUE.equals(whens[i].eval(env, row))) {
                    return thens[i].eval(env, row);
                }
            }
            return orElse == null ? null : orElse.eval(env, row);
        }, t, all.toArray(Bound[]::new));
    }

    /** The arguments of COALESCE, GREATEST or LEAST, resolved to their common type. */
    static List<Bound> common(ExprCompiler c, List<Expression> args, Scope s, String name) {
        List<Bound> bound = new ArrayList<>();
        for (Expression e : args) {
            bound.add(c.compile(e, s));
        }
        SqlType t = Coercion.commonType(bound.stream().map(Bound::type).toList(), name);
        return bound.stream().map(b -> Coercion.implicit(b, t, c.params())).toList();
    }

    static Bound coalesce(ExprCompiler c, List<Expression> args, Scope s) {
        List<Bound> bound = common(c, args, s, "COALESCE");
        Expr[] exprs = bound.stream().map(Bound::expr).toArray(Expr[]::new);
        return Bound.over((env, row) -> {
            for (Expr e : exprs) {
                Object v = e.eval(env, row);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }, bound.get(0).type(), bound.toArray(Bound[]::new));
    }

    /** GREATEST ({@code sign} 1) or LEAST (-1): nulls are skipped, all null gives null. */
    static Bound extreme(ExprCompiler c, List<Expression> args, Scope s, String name, int sign) {
        List<Bound> bound = common(c, args, s, name);
        SqlType t = bound.get(0).type();
        Expr[] exprs = bound.stream().map(Bound::expr).toArray(Expr[]::new);
        return Bound.over((env, row) -> {
            Object best = null;
            for (Expr e : exprs) {
                Object v = e.eval(env, row);
                if (v != null && (best == null || Integer.signum(Values.compare(v, best, t)) == sign)) {
                    best = v;
                }
            }
            return best;
        }, t, bound.toArray(Bound[]::new));
    }

    static Bound nullif(ExprCompiler c, Expression a, Expression b, Scope s) {
        Comparisons.Pair p = Comparisons.unify(c, c.compile(a, s), c.compile(b, s), "=");
        Expr x = p.left().expr();
        Expr y = p.right().expr();
        SqlType t = p.type();
        return Bound.over((env, row) -> {
            Object v = x.eval(env, row);
            if (v == null) {
                return null;
            }
            Object w = y.eval(env, row);
            return w != null && Values.compare(v, w, t) == 0 ? null : v;
        }, t, p.left(), p.right());
    }
}
