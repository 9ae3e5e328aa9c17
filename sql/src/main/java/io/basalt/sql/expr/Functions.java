package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.CastContext;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/**
 * Function calls: resolves the name and argument types to one of Basalt's built-in functions
 * (42883 "function foo(integer) does not exist" otherwise) and compiles the call. Aggregates
 * are bound by the query planner through an {@link ExprHook}; meeting one here means it
 * stands where aggregates are not allowed.
 */
public final class Functions {
    /** What version() answers: the PostgreSQL version whose behaviour Basalt follows, then Basalt. */
    static final String VERSION = "PostgreSQL 15.0 (Basalt)";

    private Functions() {
    }

    /** The evaluation of a strict function over non-null argument values. */
    @FunctionalInterface
    interface Body {
        Object apply(Env env, Object[] args);
    }

    /** The function's name as PostgreSQL folds it, without a pg_catalog prefix. */
    public static String name(Function f) {
        List<String> parts = f.getMultipartName();
        String last = parts == null || parts.isEmpty() ? f.getName() : parts.get(parts.size() - 1);
        return Names.fold(last);
    }

    /** The positional arguments of {@code f}; named-argument syntax only where the SQL grammar has it. */
    static List<Expression> args(Function f) {
        List<Expression> out = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Object e : f.getParameters()) {
                out.add((Expression) e);
            }
        }
        if (f.getNamedParameters() != null) {
            for (Object e : f.getNamedParameters()) {
                out.add((Expression) e);
            }
        }
        return out;
    }

    /** ANY, SOME and ALL, which JSqlParser reads as calls when their operand is no subquery. */
    static final List<String> QUANTIFIERS = List.of("any", "some", "all");

    static Bound call(ExprCompiler c, Function f, Scope s) {
        String name = name(f);
        if (Aggregates.isAggregate(name)) {
            String where = c.clause() == null ? "this context" : c.clause();
            if ("aggregate function calls".equals(where)) {
                throw new SqlException("42803", "aggregate function calls cannot be nested");
            }
            throw new SqlException("42803", "aggregate functions are not allowed in " + where);
        }
        if (f.isDistinct() || f.isAllColumns() || f.getOrderByElements() != null) {
            throw new SqlException("42809",
                    "DISTINCT, ORDER BY or * specified, but " + name + " is not an aggregate function");
        }
        List<Expression> exprs = args(f);
        List<String> named = f.getNamedParameters() == null ? List.of() : f.getNamedParameters().getNames();
        if (name.equals("array") && exprs.size() == 1 && exprs.get(0) instanceof net.sf.jsqlparser.statement.select.Select sel) {
            return ArrayExprs.ofSubquery(c, sel, s);
        }
        if (name.equals("row") && f.getParameters() != null) {
            // Rows are compared (RowComparisons), not yet values of a composite type.
            throw SqlErrors.notSupportedPlural("row constructors outside comparisons");
        }
        if (QUANTIFIERS.contains(name)) {
            throw SqlErrors.syntax("syntax error at or near \"" + name.toUpperCase(Locale.ROOT) + "\"");
        }
        Bound b = Conditionals.dispatch(c, name, exprs, s);
        if (b == null) {
            b = CatalogFunctions.dispatch(c, name, exprs, s);
        }
        if (b != null) {
            return b;
        }
        List<Bound> args = new ArrayList<>();
        for (Expression e : exprs) {
            args.add(c.compile(e, s));
        }
        b = StringFunctions.call(c, name, args, named);
        if (b == null) {
            b = MathFunctions.call(c, name, args);
        }
        if (b == null) {
            b = misc(name, args);
        }
        if (b == null) {
            b = ByteaFunctions.call(c, name, args);
        }
        if (b == null) {
            b = DateTimeFunctions.call(c, name, args);
        }
        if (b == null) {
            b = CatalogFunctions.call(c, name, args);
        }
        if (b == null) {
            b = ArrayExprs.call(c, name, args);
        }
        if (b == null) {
            b = ArrayFunctions.call(c, name, args);
        }
        if (b == null) {
            b = RelationSizes.call(c, name, args);
        }
        if (b == null) {
            b = IntervalFunctions.call(c, name, args);
        }
        if (b == null) {
            throw SqlErrors.functionDoesNotExist(name, args.stream().map(Bound::type).toList());
        }
        return b;
    }

    /** The ^ operator: power() with PostgreSQL's choice between its numeric and double precision forms. */
    static Bound power(ExprCompiler c, List<Bound> args) {
        return MathFunctions.call(c, "power", args);
    }

    private static Bound misc(String name, List<Bound> args) {
        return switch (name) {
            case "now", "transaction_timestamp", "statement_timestamp" -> args.isEmpty()
                    ? Bound.of((env, row) -> env.ctx().transactionTime(), SqlType.TIMESTAMPTZ) : null;
            // Tools ask these on connecting; Basalt has one database and one schema.
            case "version" -> args.isEmpty() ? Bound.literal(VERSION, SqlType.TEXT) : null;
            case "current_database" -> args.isEmpty() ? Bound.literal("postgres", SqlType.TEXT) : null;
            case "current_schema" -> args.isEmpty() ? Bound.literal("public", SqlType.TEXT) : null;
            // The type of the argument as PostgreSQL names it; its value is never needed.
            case "pg_typeof" -> args.size() == 1
                    ? Bound.literal(args.get(0).type().kind().sqlName(), SqlType.TEXT) : null;
            case "gen_random_uuid" -> args.isEmpty()
                    ? Bound.of((env, row) -> java.util.UUID.randomUUID(), SqlType.UUID).withVolatile() : null;
            default -> null;
        };
    }

    /**
     * {@code args} matched against the parameter types {@code sig}: untyped arguments take the
     * parameter's type, others must convert implicitly. Null when they do not match.
     */
    static List<Bound> match(ExprCompiler c, List<Bound> args, SqlType... sig) {
        if (args.size() != sig.length) {
            return null;
        }
        List<Bound> out = new ArrayList<>(args.size());
        for (int i = 0; i < sig.length; i++) {
            Bound a = args.get(i);
            if (!a.isUntyped() && a.type().kind() != sig[i].kind()
                    && !Casts.canCast(a.type().kind(), sig[i].kind(), CastContext.IMPLICIT)) {
                return null;
            }
            out.add(Coercion.implicit(a, sig[i], c.params()));
        }
        return out;
    }

    /** A strict function: null if any argument is null, else {@code body} over the argument values. */
    static Bound strict(List<Bound> args, SqlType result, Body body) {
        Expr[] exprs = args.stream().map(Bound::expr).toArray(Expr[]::new);
        return Bound.over((env, row) -> {
            Object[] values = new Object[exprs.length];
            for (int i = 0; i < exprs.length; i++) {
                values[i] = exprs[i].eval(env, row);
                if (values[i] == null) {
                    return null;
                }
            }
            return body.apply(env, values);
        }, result, args.toArray(Bound[]::new));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
