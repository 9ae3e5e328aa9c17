package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import io.basalt.sql.types.TypeKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.Select;

/**
 * One-dimensional arrays, as far as catalog queries use them: {@code ARRAY[...]},
 * {@code ARRAY(subquery)}, {@code '{...}'::t[]}, {@code x op ANY/SOME/ALL (array)},
 * subscripts {@code a[i]}, array_to_string, array_upper, array_lower, array_length and
 * cardinality.
 *
 * <p>An array value is kept as its text form ({@link ArrayText}), and its type is text marked
 * with the element type (see {@link #arrayOf}), so an array prints as PostgreSQL prints it and
 * travels through rows, sorts and joins as text, while the operations above read its elements
 * as values of the element type. Where that shows: RowDescription says {@code text}, not the
 * array type, and arrays compare as their text forms (equal exactly when the arrays are, for
 * canonical forms; ordering is textual). Several dimensions, slices and arrays of arrays are
 * 0A000.
 */
public final class ArrayExprs {
    /** The scale that marks a text type as an array; its precision holds the element kind's ordinal. */
    private static final int ARRAY_MARK = -3;

    private ArrayExprs() {
    }

    /** The type of arrays of {@code element}. */
    public static SqlType arrayOf(TypeKind element) {
        return new SqlType(TypeKind.TEXT, -1, element.ordinal(), ARRAY_MARK);
    }

    /** The element kind of array type {@code t}, or null when {@code t} is no array type. */
    public static TypeKind elementOf(SqlType t) {
        return t.kind() == TypeKind.TEXT && t.scale() == ARRAY_MARK ? TypeKind.values()[t.precision()] : null;
    }

    private static ZoneId zone(Env env) {
        return env.ctx().zone();
    }

    /** {@code ARRAY[e, ...]}: the elements converted to their common type. */
    static Bound constructor(ExprCompiler c, ArrayConstructor a, Scope s) {
        List<Bound> elements = new ArrayList<>();
        if (a.getExpressions() != null) {
            for (Expression e : a.getExpressions()) {
                if (e instanceof ArrayConstructor) {
                    throw SqlErrors.notSupportedPlural("multidimensional arrays");
                }
                elements.add(c.compile(e, s));
            }
        }
        if (elements.isEmpty()) {
            throw new SqlException("42P18", "cannot determine type of empty array", null,
                "Explicitly cast to the desired type, for example ARRAY[]::integer[].", 0, null);
        }
        SqlType common = Coercion.commonType(elements.stream().map(Bound::type).toList(), "ARRAY");
        SqlType element = SqlType.of(common.kind());
        requireScalar(element);
        List<Bound> converted = elements.stream().map(b -> Coercion.implicit(b, element, c.params())).toList();
        Expr[] exprs = converted.stream().map(Bound::expr).toArray(Expr[]::new);
        return Bound.over((env, row) -> {
            List<String> texts = new ArrayList<>(exprs.length);
            for (Expr e : exprs) {
                texts.add(TextCodec.format(e.eval(env, row), element, zone(env)));
            }
            return ArrayText.format(texts);
        }, arrayOf(element.kind()), converted.toArray(Bound[]::new));
    }

    /** {@code ARRAY(subquery)}: the values of its one column, in the order its rows come. */
    static Bound ofSubquery(ExprCompiler c, Select select, Scope s) {
        Subquery q = SubqueryExprs.plan(c, select, s);
        if (q.columnTypes().size() != 1) {
            throw new SqlException("42601", "subquery must return only one column");
        }
        SqlType element = SqlType.of(q.columnTypes().get(0).kind() == TypeKind.UNKNOWN ? TypeKind.TEXT
            : q.columnTypes().get(0).kind());
        requireScalar(q.columnTypes().get(0));
        Expr collect = (env, row) -> {
            List<String> texts = new ArrayList<>();
            for (Iterator<Object[]> it = q.open(env.nest(row)); it.hasNext(); ) {
                texts.add(TextCodec.format(it.next()[0], element, zone(env)));
            }
            return ArrayText.format(texts);
        };
        if (SubqueryExprs.uncorrelated(q)) {
            return SubqueryExprs.over(q, (env, row) -> env.memo(q, () -> collect.eval(env, row)), arrayOf(element.kind()));
        }
        return SubqueryExprs.over(q, collect, arrayOf(element.kind()));
    }

    private static void requireScalar(SqlType t) {
        if (elementOf(t) != null) {
            throw SqlErrors.notSupportedPlural("multidimensional arrays");
        }
    }

    /**
     * {@code left op ANY (array)} ({@code all}: {@code ALL}): true when the comparison holds
     * for some element (for every element), false when it fails for all (for one), otherwise
     * null if a comparison was null; over an empty array ANY is false and ALL true.
     */
    static Bound quantified(ExprCompiler c, Bound left, String op, boolean all, Expression arrayExpr, Scope s) {
        Bound array = c.compile(arrayExpr, s);
        if (array.isUntyped()) {
            TypeKind k = left.isUnknown() ? TypeKind.TEXT : left.type().kind();
            array = convert(Coercion.implicit(array, SqlType.TEXT, c.params()), TypeKind.TEXT, null, SqlType.of(k));
        }
        TypeKind elementKind = elementOf(array.type());
        if (elementKind == null) {
            throw new SqlException("42809", "op ANY/ALL (array) requires array on right side");
        }
        SqlType element = SqlType.of(elementKind);
        Bound each = Bound.of((env, row) -> row[0], element);
        Comparisons.Pair p = Comparisons.unify(c, left, each, op.equals("!=") ? "<>" : op);
        Expr l = p.left().expr();
        Expr a = array.expr();
        Expr convert = p.right().expr();
        SqlType t = p.type();
        Comparisons.CmpTest test = Comparisons.test(op);
        return Bound.over((env, row) -> {
            Object arr = a.eval(env, row);
            if (arr == null) {
                return null;
            }
            Object x = l.eval(env, row);
            boolean sawNull = false;
            for (String e : ArrayText.parse((String) arr)) {
                Object v = e == null ? null : convert.eval(env, new Object[] {TextCodec.parse(e, element, zone(env))});
                if (x == null || v == null) {
                    sawNull = true;
                } else if (test.holds(io.basalt.sql.types.Values.compare(x, v, t)) != all) {
                    return !all;
                }
            }
            return sawNull ? null : all;
        }, SqlType.BOOL, p.left(), array);
    }

    /**
     * The operands of {@code l op r} when one is an array: an untyped literal on the other
     * side is read as an array of the same type, so both are in canonical text form and
     * {@code =}, {@code <>} and IS DISTINCT FROM compare the arrays. Ordering is 0A000, as the
     * texts do not order as the arrays do; an array against anything else is 42883. Null when
     * neither side is an array.
     */
    static Bound[] comparisonOperands(ExprCompiler c, Bound l, Bound r, String op) {
        TypeKind le = elementOf(l.type());
        TypeKind re = elementOf(r.type());
        if (le == null && re == null) {
            return null;
        }
        if (!op.equals("=") && !op.equals("<>") && !op.equals("IS DISTINCT FROM")) {
            throw SqlErrors.notSupported("operator " + op + " on arrays");
        }
        if (le != null && r.isUntyped()) {
            return new Bound[] {l, convert(Coercion.implicit(r, SqlType.TEXT, c.params()), TypeKind.TEXT, null, SqlType.of(le))};
        }
        if (re != null && l.isUntyped()) {
            return new Bound[] {convert(Coercion.implicit(l, SqlType.TEXT, c.params()), TypeKind.TEXT, null, SqlType.of(re)), r};
        }
        if (le != re) {
            throw SqlErrors.operatorDoesNotExist(op, l.type(), r.type());
        }
        return new Bound[] {l, r};
    }

    /** {@code array[index]}: the element, or null for a null index or one out of range. */
    static Bound subscript(ExprCompiler c, Bound array, Bound index) {
        TypeKind k = elementOf(array.type());
        if (k == null) {
            throw new SqlException("42804", "cannot subscript type " + array.type().kind().sqlName()
                + " because it does not support subscripting");
        }
        List<Bound> m = Functions.match(c, List.of(array, index), array.type(), SqlType.INT4);
        if (m == null) {
            throw new SqlException("42804", "array subscript must have type integer");
        }
        SqlType element = SqlType.of(k);
        return Functions.strict(m, element, (env, v) -> {
            List<String> elements = ArrayText.parse((String) v[0]);
            int i = (Integer) v[1];
            return i < 1 || i > elements.size() ? null : TextCodec.parse(elements.get(i - 1), element, zone(env));
        });
    }

    static boolean isArrayCast(CastExpression c) {
        return dimensions(c.getColDataType()) > 0;
    }

    /** How many {@code []} follow the type's name (JSqlParser keeps them in the name or apart). */
    private static int dimensions(ColDataType t) {
        int n = t.getArrayData() == null ? 0 : t.getArrayData().size();
        String name = t.getDataType().strip();
        while (name.endsWith("[]")) {
            n++;
            name = name.substring(0, name.length() - 2).strip();
        }
        return n;
    }

    /** {@code x::t[]} from the text form of an array or from another array: each element read or cast as t. */
    static Bound cast(ExprCompiler c, CastExpression cast, Scope s) {
        ColDataType t = cast.getColDataType();
        if (dimensions(t) > 1) {
            throw SqlErrors.notSupportedPlural("multidimensional arrays");
        }
        String bare = t.getDataType().strip();
        bare = bare.endsWith("[]") ? bare.substring(0, bare.length() - 2).strip() : bare;
        ColDataType base = new ColDataType(bare);
        base.setArgumentsStringList(t.getArgumentsStringList());
        String name = bare.toLowerCase(Locale.ROOT).replace("pg_catalog.", "");
        SqlType element = name.equals("oid") ? SqlType.INT8 : TypeNames.of(base);
        Bound in = c.compile(cast.getLeftExpression(), s);
        TypeKind from = in.isUntyped() || (in.type().kind().isString() && elementOf(in.type()) == null)
            ? null : elementOf(in.type());
        if (from == null && !(in.isUntyped() || in.type().kind().isString())) {
            throw new SqlException("42846", "cannot cast type " + in.type().sqlName() + " to " + element.sqlName() + "[]");
        }
        return convert(in.isUntyped() ? Coercion.implicit(in, SqlType.TEXT, c.params()) : in,
            from == null ? TypeKind.TEXT : from, from, element);
    }

    /** {@code in}, an array of {@code from} elements (text when {@code fromArray} is null: its text form), as an array of {@code to}. */
    private static Bound convert(Bound in, TypeKind fromKind, TypeKind fromArray, SqlType to) {
        SqlType fromType = SqlType.of(fromKind);
        if (fromArray != null && fromKind != to.kind() && !Casts.canCast(fromKind, to.kind(),
            io.basalt.sql.types.CastContext.EXPLICIT)) {
            throw new SqlException("42846", "cannot cast type " + fromType.sqlName() + "[] to " + to.sqlName() + "[]");
        }
        Expr e = in.expr();
        return Bound.over((env, row) -> {
            Object v = e.eval(env, row);
            if (v == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String element : ArrayText.parse((String) v)) {
                Object value = fromArray == null ? TextCodec.parse(element, to, zone(env))
                    : Casts.cast(TextCodec.parse(element, fromType, zone(env)), fromType, to, zone(env));
                out.add(TextCodec.format(value, to, zone(env)));
            }
            return ArrayText.format(out);
        }, arrayOf(to.kind()), in);
    }

    /** The array functions, or null when {@code name} is none of them or the first argument is no array. */
    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        if (args.isEmpty() || elementOf(args.get(0).type()) == null) {
            return null;
        }
        SqlType array = args.get(0).type();
        return switch (name) {
            case "array_to_string" -> {
                List<Bound> m = args.size() == 2 ? Functions.match(c, args, array, SqlType.TEXT)
                    : Functions.match(c, args, array, SqlType.TEXT, SqlType.TEXT);
                yield m == null ? null : arrayToString(m);
            }
            case "array_upper", "array_length", "array_lower" -> {
                List<Bound> m = Functions.match(c, args, array, SqlType.INT4);
                boolean lower = name.equals("array_lower");
                yield m == null ? null : Functions.strict(m, SqlType.INT4, (env, v) -> {
                    int n = ArrayText.parse((String) v[0]).size();
                    return (Integer) v[1] != 1 || n == 0 ? null : lower ? 1 : n;
                });
            }
            case "cardinality" -> {
                List<Bound> m = Functions.match(c, args, array);
                yield m == null ? null : Functions.strict(m, SqlType.INT4, (env, v) -> ArrayText.parse((String) v[0]).size());
            }
            default -> null;
        };
    }

    /** array_to_string(array, delimiter [, null_string]): null elements left out unless null_string is given. */
    private static Bound arrayToString(List<Bound> m) {
        Expr array = m.get(0).expr();
        Expr delimiter = m.get(1).expr();
        Expr nullText = m.size() > 2 ? m.get(2).expr() : (env, row) -> null;
        return Bound.over((env, row) -> {
            Object a = array.eval(env, row);
            Object d = delimiter.eval(env, row);
            if (a == null || d == null) {
                return null;
            }
            Object n = nullText.eval(env, row);
            StringBuilder out = new StringBuilder();
            boolean first = true;
            for (String e : ArrayText.parse((String) a)) {
                if (e == null && n == null) {
                    continue;
                }
                if (!first) {
                    out.append((String) d);
                }
                out.append(e == null ? (String) n : e);
                first = false;
            }
            return out.toString();
        }, SqlType.TEXT, m.toArray(Bound[]::new));
    }
}
