package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.CatalogFunctions;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Functions;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.select.TableFunction;

/**
 * A set-returning function as a FROM item: generate_series(start, stop [, step]),
 * unnest(array) (its elements in order, nulls included) or pg_partition_ancestors(regclass), its arguments bound over the FROM items before it and the
 * enclosing queries (a function in FROM may read them, as if LATERAL).
 *
 * <p>Its value column is named by the column alias list, else the table alias, else the
 * function, as in PostgreSQL; {@code WITH ORDINALITY} adds a bigint column {@code ordinality}
 * numbering the values from 1.
 *
 * @param name       the function's name
 * @param args       the bound arguments, converted to the parameter types
 * @param type       the type of its value
 * @param ordinality whether each value's number follows it
 * @param alias      the name of the FROM item
 * @param columns    its columns: the value, then the number if asked
 */
record FromFunction(String name, List<Expr> args, SqlType type, boolean ordinality, String alias,
                    List<Column> columns) {
    static final String GENERATE_SERIES = "generate_series";
    static final String PARTITION_ANCESTORS = "pg_partition_ancestors";
    static final String UNNEST = "unnest";

    /**
     * The one array argument of unnest: an untyped literal is 42725 as in PostgreSQL (it could
     * be an array of anything), a second argument or a non-array 42883.
     */
    static Bound unnestArgument(List<Bound> args, ExprCompiler c) {
        if (args.size() == 1 && args.get(0).isUntyped()) {
            throw new SqlException("42725", "function unnest(unknown) is not unique", null,
                "Could not choose a best candidate function. You might need to add explicit type casts.", 0, null);
        }
        if (args.size() != 1 || io.basalt.sql.expr.ArrayExprs.elementOf(args.get(0).type()) == null) {
            throw SqlErrors.functionDoesNotExist(UNNEST, args.stream().map(Bound::type).toList());
        }
        return args.get(0);
    }

    /** The elements of an array value (its text form) read as values of {@code element}. */
    static Iterator<Object> elements(Object array, SqlType element, Env env) {
        List<Object> out = new ArrayList<>();
        for (String e : io.basalt.sql.expr.ArrayText.parse((String) array)) {
            out.add(io.basalt.sql.types.TextCodec.parse(e, element, env.ctx().zone()));
        }
        return out.iterator();
    }

    /**
     * Binds FROM item {@code tf}, its arguments over {@code argScope}; 42883 for wrong
     * arguments, 0A000 for a function Basalt does not have in FROM and for {@code ROWS FROM}.
     */
    static FromFunction of(TableFunction tf, ExprCompiler c, Scope argScope) {
        if (tf.getRowsFromFunctions() != null || tf.getPivot() != null || tf.getUnPivot() != null) {
            throw SqlErrors.notSupported("FROM item " + tf);
        }
        boolean ordinality = tf.getWithClause() != null;
        if (ordinality && !tf.getWithClause().strip().toUpperCase(Locale.ROOT).matches("(WITH\\s+)?ORDINALITY")) {
            throw SqlErrors.notSupported("FROM item " + tf);
        }
        Function f = tf.getFunction();
        String name = Functions.name(f);
        List<Bound> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Expression a : f.getParameters()) {
                args.add(c.compile(a, argScope));
            }
        }
        Alias a = tf.getAlias();
        String alias = a == null ? name : Names.fold(a.getName());
        List<String> names = new ArrayList<>(List.of(alias));
        if (ordinality) {
            names.add("ordinality");
        }
        List<String> renames = a == null || a.getAliasColumns() == null ? List.of()
            : a.getAliasColumns().stream().map(col -> Names.fold(col.name)).toList();
        if (renames.size() > names.size()) {
            throw new SqlException("42P10", "table \"" + alias + "\" has " + names.size()
                + " columns available but " + renames.size() + " columns specified");
        }
        for (int i = 0; i < renames.size(); i++) {
            names.set(i, renames.get(i));
        }
        List<SqlType> types = args.stream().map(Bound::type).toList();
        List<Expr> exprs;
        SqlType type;
        switch (name) {
            case GENERATE_SERIES -> {
                SqlType series = SetReturningHook.seriesType(args);
                if (args.size() < 2 || args.size() > 3 || series == null) {
                    throw SqlErrors.functionDoesNotExist(name, types);
                }
                exprs = args.stream().map(b -> Coercion.implicit(b, series, c.params()).expr()).toList();
                type = series;
            }
            case PARTITION_ANCESTORS -> {
                if (args.size() != 1) {
                    throw SqlErrors.functionDoesNotExist(name, types);
                }
                Bound ancestor = CatalogFunctions.partitionAncestor(c, args.get(0));
                exprs = List.of(ancestor.expr());
                type = ancestor.type();
            }
            case UNNEST -> {
                Bound array = unnestArgument(args, c);
                exprs = List.of(array.expr());
                type = SqlType.of(io.basalt.sql.expr.ArrayExprs.elementOf(array.type()));
            }
            default -> throw SqlErrors.notSupported("function " + name + " in FROM");
        }
        List<Column> columns = new ArrayList<>(List.of(Column.computed(names.get(0), type)));
        if (ordinality) {
            columns.add(Column.computed(names.get(1), SqlType.INT8));
        }
        return new FromFunction(name, exprs, type, ordinality, alias, columns);
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
        if (name.equals(UNNEST)) {
            return elements(v[0], type, env);
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
