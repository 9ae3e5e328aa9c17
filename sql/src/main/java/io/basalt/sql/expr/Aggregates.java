package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;

/**
 * The aggregate functions and their result types as PostgreSQL defines them: count is bigint;
 * sum of smallint or integer is bigint, of bigint or numeric numeric, of real real, of double
 * precision double precision; avg of integers or numeric is numeric, of floats double
 * precision; min and max keep their argument's type.
 */
public final class Aggregates {
    private static final Set<String> NAMES = Set.of("count", "sum", "avg", "min", "max", "bool_and", "bool_or",
            "every", "string_agg", "array_agg");

    private Aggregates() {
    }

    public static boolean isAggregate(String name) {
        return NAMES.contains(name);
    }

    /** Binds the aggregate call {@code f}; its arguments are bound by {@code c} against {@code input}. */
    public static AggregateCall bind(ExprCompiler c, Function f, Scope input) {
        if (f.getHavingClause() != null || f.getLimit() != null) {
            throw SqlErrors.notSupported("HAVING or LIMIT inside aggregate calls");
        }
        AggregateCall call = bindUnordered(c, f, input);
        if (f.getOrderByElements() == null || f.getOrderByElements().isEmpty()) {
            return call;
        }
        return OrderedAggregates.bind(c.inClause("aggregate function calls"), call, f.getOrderByElements(), input);
    }

    /**
     * Binds {@code agg(...) FILTER (WHERE cond)}: the call, aggregating only the rows for which
     * the condition is true.
     */
    public static AggregateCall bindFiltered(ExprCompiler c, AnalyticExpression a, Scope input) {
        Function f = new Function();
        f.setName(a.getName());
        f.setDistinct(a.isDistinct());
        f.setAllColumns(a.isAllColumns());
        List<Expression> params = new ArrayList<>();
        for (Expression e : new Expression[] {a.getExpression(), a.getOffset(), a.getDefaultValue()}) {
            if (e != null) {
                params.add(e);
            }
        }
        if (!params.isEmpty()) {
            f.setParameters(new ExpressionList<>(params));
        }
        if (a.getFuncOrderBy() != null) {
            f.setOrderByElements(a.getFuncOrderBy());
        }
        Bound filter = c.inClause("aggregate function calls").compileCondition(a.getFilterExpression(), input,
                "FILTER");
        return bind(c, f, input).withFilter(a.toString(), filter);
    }

    private static AggregateCall bindUnordered(ExprCompiler c, Function f, Scope input) {
        String name = Functions.name(f);
        List<Expression> exprs = Functions.args(f);
        boolean star = f.isAllColumns() || exprs.size() == 1
                && exprs.get(0) instanceof net.sf.jsqlparser.statement.select.AllColumns;
        if (star) {
            if (!name.equals("count")) {
                throw SqlErrors.syntax(name + "(*) must be used to call a parameterless aggregate function");
            }
            return new AggregateCall(f.toString(), null, null, false, SqlType.INT8, AccumulatorKinds::countStar);
        }
        ExprCompiler inner = c.inClause("aggregate function calls");
        List<Bound> args = new ArrayList<>();
        for (Expression e : exprs) {
            args.add(inner.compile(e, input));
        }
        if (name.equals("string_agg")) {
            return stringAgg(c, f, args);
        }
        if (name.equals("array_agg")) {
            return arrayAgg(c, f, args);
        }
        if (args.size() != 1) {
            throw SqlErrors.functionDoesNotExist(name, args.stream().map(Bound::type).toList());
        }
        Bound arg = args.get(0);
        if (arg.isUntyped()) {
            arg = Coercion.implicit(arg, name.startsWith("bool") || name.equals("every") ? SqlType.BOOL : SqlType.TEXT,
                    c.params());
        }
        SqlType t = arg.type();
        SqlType result = resultType(name, t);
        if (result == null) {
            throw SqlErrors.functionDoesNotExist(name, List.of(t));
        }
        return new AggregateCall(f.toString(), arg, null, f.isDistinct(), result, accumulator(name, t));
    }

    /**
     * array_agg(x): the values of the group in an array, nulls included; null for no rows. Each
     * value is taken in its text form as it is read (the session's time zone applies to a
     * timestamptz), the form the array keeps.
     */
    private static AggregateCall arrayAgg(ExprCompiler c, Function f, List<Bound> args) {
        if (args.size() != 1) {
            throw SqlErrors.functionDoesNotExist("array_agg", args.stream().map(Bound::type).toList());
        }
        Bound arg = c.resolveUnknown(args.get(0));
        if (ArrayExprs.elementOf(arg.type()) != null) {
            throw SqlErrors.notSupportedPlural("multidimensional arrays");
        }
        SqlType t = SqlType.of(arg.type().kind());
        Expr e = arg.expr();
        Bound text = arg.derive((env, row) -> io.basalt.sql.types.TextCodec.format(e.eval(env, row), t,
                env.ctx().zone()), SqlType.TEXT);
        return new AggregateCall(f.toString(), text, null, f.isDistinct(), ArrayExprs.arrayOf(t.kind()),
                AccumulatorKinds::arrayAgg);
    }

    private static AggregateCall stringAgg(ExprCompiler c, Function f, List<Bound> args) {
        if (args.size() != 2) {
            throw SqlErrors.functionDoesNotExist("string_agg", args.stream().map(Bound::type).toList());
        }
        SqlType t = args.get(0).type().kind() == TypeKind.BYTEA ? SqlType.BYTEA : SqlType.TEXT;
        List<Bound> m = Functions.match(c, args, t, t);
        if (m == null) {
            throw SqlErrors.functionDoesNotExist("string_agg", args.stream().map(Bound::type).toList());
        }
        boolean bytes = t.kind() == TypeKind.BYTEA;
        return new AggregateCall(f.toString(), m.get(0), m.get(1), f.isDistinct(), t,
                () -> AccumulatorKinds.stringAgg(bytes));
    }

    /**
     * A column of the grouped rows that GROUP BY determines without naming it (the table's
     * primary key is grouped on): every row of a group has the same value, so the first is kept.
     */
    public static AggregateCall dependentColumn(int index, SqlType type) {
        Bound arg = new Bound((env, row) -> row[index], type, Bound.Kind.COLUMN, null, 0, index, new java.util.BitSet(),
                false, false);
        return new AggregateCall("dependent column " + index, arg, null, false, type, AccumulatorKinds::first);
    }

    /** The result type of {@code name(t)}, or null if there is no such aggregate. */
    static SqlType resultType(String name, SqlType t) {
        TypeKind k = t.kind();
        return switch (name) {
            case "count" -> SqlType.INT8;
            case "sum" -> switch (k) {
                case INT2, INT4 -> SqlType.INT8;
                case INT8, NUMERIC -> SqlType.NUMERIC;
                case FLOAT4 -> SqlType.FLOAT4;
                case FLOAT8 -> SqlType.FLOAT8;
                case INTERVAL -> SqlType.INTERVAL;
                default -> null;
            };
            case "avg" -> k == TypeKind.INTERVAL ? SqlType.INTERVAL
                    : k.isInteger() || k == TypeKind.NUMERIC ? SqlType.NUMERIC
                    : k == TypeKind.FLOAT4 || k == TypeKind.FLOAT8 ? SqlType.FLOAT8 : null;
            case "min", "max" -> k == TypeKind.BOOL || k == TypeKind.UUID || k == TypeKind.BYTEA
                    || ArrayExprs.elementOf(t) != null ? null
                    : k == TypeKind.UNKNOWN ? SqlType.TEXT : SqlType.of(k);
            case "bool_and", "bool_or", "every" -> k == TypeKind.BOOL ? SqlType.BOOL : null;
            default -> null;
        };
    }

    private static Supplier<Accumulator> accumulator(String name, SqlType t) {
        TypeKind k = t.kind();
        return switch (name) {
            case "count" -> AccumulatorKinds::count;
            case "sum" -> switch (k) {
                case INT2, INT4 -> AccumulatorKinds::sumLong;
                case FLOAT4 -> () -> AccumulatorKinds.sumFloat(true);
                case FLOAT8 -> () -> AccumulatorKinds.sumFloat(false);
                case INTERVAL -> () -> AccumulatorKinds.intervalSum(false);
                default -> AccumulatorKinds::sumNumeric;
            };
            case "avg" -> k == TypeKind.INTERVAL ? () -> AccumulatorKinds.intervalSum(true)
                    : k == TypeKind.FLOAT4 || k == TypeKind.FLOAT8 ? AccumulatorKinds::avgFloat
                    : AccumulatorKinds::avgNumeric;
            case "min" -> () -> AccumulatorKinds.extreme(SqlType.of(k), -1);
            case "max" -> () -> AccumulatorKinds.extreme(SqlType.of(k), 1);
            case "bool_and", "every" -> () -> AccumulatorKinds.bool(true);
            case "bool_or" -> () -> AccumulatorKinds.bool(false);
            default -> throw new SqlException("XX000", "no accumulator for " + name);
        };
    }
}
