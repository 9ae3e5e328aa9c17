package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.CatalogFunctions;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.ExprHook;
import io.basalt.sql.expr.Functions;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/**
 * generate_series, unnest or pg_partition_ancestors in a select list of an ungrouped query: the call
 * binds to an extra column that a {@link SeriesNode} appends to each input row, once per value
 * of the series (an {@link OptionalValueNode}: once, or never for a relation that can have no
 * ancestors), so the select list is computed once per value. One such call per select list is
 * supported.
 */
final class SetReturningHook implements ExprHook {
    private static final String GENERATE_SERIES = "generate_series";
    private static final String PARTITION_ANCESTORS = "pg_partition_ancestors";
    private final Scope input;
    private String function;
    private List<Bound> args;
    private SqlType type;

    SetReturningHook(Scope input) {
        this.input = input;
    }

    /** Whether {@code e} is a call this hook takes over. */
    static boolean isSetReturning(Expression e) {
        return e instanceof Function f && (GENERATE_SERIES.equals(Functions.name(f))
            || PARTITION_ANCESTORS.equals(Functions.name(f)) || FromFunction.UNNEST.equals(Functions.name(f)));
    }

    @Override
    public Bound intercept(Expression e, ExprCompiler c) {
        if (!isSetReturning(e)) {
            return null;
        }
        if (args != null) {
            throw SqlErrors.notSupported("more than one set-returning function in a select list");
        }
        Function f = (Function) e;
        List<Bound> bound = new ArrayList<>();
        ExprCompiler inner = c.withHook(null);
        if (f.getParameters() != null) {
            for (Expression a : f.getParameters()) {
                bound.add(inner.compile(a, input));
            }
        }
        function = Functions.name(f);
        if (function.equals(PARTITION_ANCESTORS)) {
            if (bound.size() != 1) {
                throw SqlErrors.functionDoesNotExist(function, bound.stream().map(Bound::type).toList());
            }
            Bound ancestor = CatalogFunctions.partitionAncestor(c, bound.get(0));
            args = List.of(ancestor);
            type = ancestor.type();
        } else if (function.equals(FromFunction.UNNEST)) {
            Bound array = FromFunction.unnestArgument(bound, c);
            args = List.of(array);
            type = SqlType.of(io.basalt.sql.expr.ArrayExprs.elementOf(array.type()));
        } else {
            SqlType t = seriesType(bound);
            if (bound.size() < 2 || bound.size() > 3 || t == null) {
                throw SqlErrors.functionDoesNotExist(function, bound.stream().map(Bound::type).toList());
            }
            args = bound.stream().map(b -> io.basalt.sql.expr.Coercion.implicit(b, t, c.params())).toList();
            type = t;
        }
        SqlType t = type;
        int column = input.width();
        BitSet refs = new BitSet();
        refs.set(column);
        return new Bound((env, row) -> row[column], t, Bound.Kind.OTHER, null, 0, -1, refs, false, true);
    }

    /** int4 when every argument fits it, else int8; null for non-integer arguments. */
    static SqlType seriesType(List<Bound> args) {
        SqlType t = SqlType.INT4;
        for (Bound b : args) {
            TypeKind k = b.type().kind();
            if (k == TypeKind.INT8) {
                t = SqlType.INT8;
            } else if (!b.isUntyped() && k != TypeKind.INT4 && k != TypeKind.INT2) {
                return null;
            }
        }
        return t;
    }

    /** {@code node} expanded by the series, or {@code node} itself if no call was bound. */
    PlanNode wrap(PlanNode node) {
        if (args == null) {
            return node;
        }
        if (args.stream().anyMatch(Bound::correlated)) {
            throw new SqlException("0A000", function + " over outer columns is not supported");
        }
        if (function.equals(PARTITION_ANCESTORS)) {
            return new OptionalValueNode(node, args.get(0).expr());
        }
        if (function.equals(FromFunction.UNNEST)) {
            return new UnnestNode(node, args.get(0).expr(), type);
        }
        return new SeriesNode(node, args.stream().map(Bound::expr).toList(), type);
    }
}
