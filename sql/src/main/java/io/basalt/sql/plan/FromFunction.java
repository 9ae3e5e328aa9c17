package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.CatalogFunctions;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A set-returning function as a FROM item: generate_series(start, stop [, step]) or
 * pg_partition_ancestors(regclass), its arguments bound over the FROM items before it and the
 * enclosing queries (a function in FROM may read them, as if LATERAL).
 *
 * @param name the function's name
 * @param args the bound arguments, converted to the parameter types
 * @param type the type of its one result column
 */
record FromFunction(String name, List<Expr> args, SqlType type) {
    static final String GENERATE_SERIES = "generate_series";
    static final String PARTITION_ANCESTORS = "pg_partition_ancestors";

    /** Binds call {@code name(args)}; 42883 for wrong arguments, 0A000 for a function Basalt has not in FROM. */
    static FromFunction bind(ExprCompiler c, String name, List<Bound> args) {
        List<SqlType> types = args.stream().map(Bound::type).toList();
        switch (name) {
            case GENERATE_SERIES -> {
                SqlType t = SetReturningHook.seriesType(args);
                if (args.size() < 2 || args.size() > 3 || t == null) {
                    throw SqlErrors.functionDoesNotExist(name, types);
                }
                return new FromFunction(name, args.stream().map(b -> Coercion.implicit(b, t, c.params()).expr()).toList(), t);
            }
            case PARTITION_ANCESTORS -> {
                if (args.size() != 1) {
                    throw SqlErrors.functionDoesNotExist(name, types);
                }
                Bound ancestor = CatalogFunctions.partitionAncestor(c, args.get(0));
                return new FromFunction(name, List.of(ancestor.expr()), ancestor.type());
            }
            default -> throw SqlErrors.notSupported("function " + name + " in FROM");
        }
    }

    /** The values the call gives over {@code row}: none when an argument is null. */
    Iterator<Object> values(Env env, Object[] row) {
        Object[] v = new Object[args.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = args.get(i).eval(env, row);
            if (v[i] == null) {
                return Collections.emptyIterator();
            }
        }
        if (name.equals(PARTITION_ANCESTORS)) {
            return List.of(v[0]).iterator();
        }
        long start = ((Number) v[0]).longValue();
        long stop = ((Number) v[1]).longValue();
        long step = v.length > 2 ? ((Number) v[2]).longValue() : 1;
        if (step == 0) {
            throw new SqlException("22023", "step size cannot equal zero");
        }
        boolean int4 = type.kind() == TypeKind.INT4;
        return new Iterator<>() {
            private long next = start;
            private boolean more = step > 0 ? start <= stop : start >= stop;

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public Object next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                long value = next;
                long after = next + step;
                boolean overflow = step > 0 ? after < next : after > next;
                more = !overflow && (step > 0 ? after <= stop : after >= stop);
                next = after;
                return int4 ? (Object) (int) value : (Object) value;
            }
        };
    }
}
