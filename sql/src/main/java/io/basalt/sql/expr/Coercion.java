package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.CastContext;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import io.basalt.sql.types.TypeKind;
import java.time.ZoneOffset;
import java.util.List;

/**
 * PostgreSQL's rules for giving expressions a type from context: an untyped literal or
 * parameter takes the type it meets, mixed numeric or date/time operands meet in the wider
 * type, and CASE, COALESCE, UNION and friends pick a common type (select_common_type).
 */
public final class Coercion {
    private Coercion() {
    }

    /**
     * The type in which an operator between {@code l} and {@code r} compares or computes, or
     * null when PostgreSQL has no such operator (text = integer).
     */
    public static SqlType operatorType(SqlType l, SqlType r) {
        TypeKind a = l.kind();
        TypeKind b = r.kind();
        if (a == b) {
            return SqlType.of(a);
        }
        if (a.isNumeric() && b.isNumeric()) {
            return SqlType.of(numericRank(a) >= numericRank(b) ? a : b);
        }
        if (a.isString() && b.isString()) {
            return SqlType.TEXT;
        }
        int da = dateTimeRank(a);
        int db = dateTimeRank(b);
        if (da >= 0 && db >= 0) {
            return SqlType.of(da >= db ? a : b);
        }
        return null;
    }

    /**
     * select_common_type: the type CASE branches, COALESCE arguments or UNION columns are
     * resolved to. Untyped operands are ignored; all untyped is text. 42804 when two types
     * cannot meet, naming {@code context} ("CASE", "COALESCE", "UNION").
     */
    public static SqlType commonType(List<SqlType> types, String context) {
        SqlType result = null;
        boolean sameModifiers = true;
        for (SqlType t : types) {
            if (t.kind() == TypeKind.UNKNOWN) {
                continue;
            }
            if (result == null) {
                result = t;
                continue;
            }
            if (result.kind() == t.kind()) {
                sameModifiers &= result.equals(t);
                continue;
            }
            SqlType met = operatorType(result, t);
            if (met == null) {
                throw SqlErrors.datatypeMismatch(context + " types " + result.kind().sqlName() + " and "
                        + t.kind().sqlName() + " cannot be matched");
            }
            result = met;
            sameModifiers = false;
        }
        if (result == null) {
            return SqlType.TEXT;
        }
        return sameModifiers ? result : SqlType.of(result.kind());
    }

    /** {@code b} converted to {@code t} where an operator or function needs it (widening only). */
    public static Bound implicit(Bound b, SqlType t, ParamTypes params) {
        if (b.type().kind() == t.kind() && !b.isUntyped()) {
            return b;
        }
        if (!b.isUntyped() && !Casts.canCast(b.type().kind(), t.kind(), CastContext.IMPLICIT)) {
            throw SqlErrors.datatypeMismatch("cannot use type " + b.type().kind().sqlName() + " as "
                    + t.kind().sqlName());
        }
        return convert(b, t, CastContext.IMPLICIT, params);
    }

    /** {@code CAST(b AS t)}; 42846 when PostgreSQL has no such cast. */
    public static Bound explicit(Bound b, SqlType t, ParamTypes params) {
        if (!b.isUntyped() && !Casts.canCast(b.type().kind(), t.kind(), CastContext.EXPLICIT)) {
            throw SqlErrors.cannotCast(b.type(), t);
        }
        return convert(b, t, CastContext.EXPLICIT, params);
    }

    /** {@code b} stored into column {@code column} of type {@code t} (INSERT, UPDATE, DEFAULT). */
    public static Bound assignment(Bound b, SqlType t, ParamTypes params, String column) {
        if (!b.isUntyped() && !Casts.canCast(b.type().kind(), t.kind(), CastContext.ASSIGNMENT)) {
            throw new SqlException("42804", "column \"" + column + "\" is of type " + t.kind().sqlName()
                    + " but expression is of type " + b.type().kind().sqlName(), null,
                    "You will need to rewrite or cast the expression.", 0, null);
        }
        if (b.type().equals(t) && !b.isUntyped()) {
            return b;
        }
        return convert(b, t, CastContext.ASSIGNMENT, params);
    }

    private static Bound convert(Bound b, SqlType t, CastContext cc, ParamTypes params) {
        if (b.kind() == Bound.Kind.UNKNOWN_LITERAL) {
            return literal(b.literal(), t, cc);
        }
        if (b.kind() == Bound.Kind.PARAM && b.isUnknown()) {
            params.infer(b.param(), t);
            SqlType pt = params.typeOf(b.param());
            Bound typed = param(b.param(), pt);
            return pt.equals(t) ? typed : convert(typed, t, cc, params);
        }
        SqlType from = b.isUnknown() ? SqlType.TEXT : b.type();
        Expr e = b.expr();
        boolean assign = cc == CastContext.ASSIGNMENT;
        return b.derive((env, row) -> {
            Object v = e.eval(env, row);
            if (v == null) {
                return null;
            }
            return assign ? Casts.castForAssignment(v, from, t, env.ctx().zone())
                    : Casts.cast(v, from, t, env.ctx().zone());
        }, t);
    }

    /** A string literal read as {@code t}: parsed once now unless its meaning depends on the zone. */
    private static Bound literal(String text, SqlType t, CastContext cc) {
        if (text == null) {
            return Bound.literal(null, t);
        }
        SqlType base = SqlType.of(t.kind());
        boolean zoned = t.kind() == TypeKind.DATE || t.kind() == TypeKind.TIMESTAMP
                || t.kind() == TypeKind.TIMESTAMPTZ;
        if (!zoned) {
            Object v = TextCodec.parse(text, base, ZoneOffset.UTC);
            return Bound.literal(applyModifier(v, base, t, cc), t);
        }
        // 'now', 'today' and zone-less timestamptz input depend on the session and the time.
        return Bound.of((env, row) -> applyModifier(TextCodec.parse(text, base, env.ctx().zone()), base, t, cc), t);
    }

    private static Object applyModifier(Object v, SqlType base, SqlType t, CastContext cc) {
        if (base.equals(t)) {
            return v;
        }
        return cc == CastContext.EXPLICIT ? Casts.cast(v, base, t) : Casts.castForAssignment(v, base, t);
    }

    /** Reads $n as a value of {@code t}, converting a text value the client sent untyped. */
    static Bound param(int n, SqlType t) {
        Expr e = (env, row) -> {
            Object v = env.ctx().param(n - 1);
            if (v instanceof String s && !t.kind().isString()) {
                return TextCodec.parse(s, SqlType.of(t.kind()), env.ctx().zone());
            }
            return v;
        };
        return new Bound(e, t, Bound.Kind.PARAM, null, n, -1, new java.util.BitSet(), false, false);
    }

    static int numericRank(TypeKind k) {
        return switch (k) {
            case INT2 -> 0;
            case INT4 -> 1;
            case INT8 -> 2;
            case NUMERIC -> 3;
            case FLOAT4 -> 4;
            case FLOAT8 -> 5;
            default -> -1;
        };
    }

    private static int dateTimeRank(TypeKind k) {
        return switch (k) {
            case DATE -> 0;
            case TIMESTAMP -> 1;
            case TIMESTAMPTZ -> 2;
            default -> -1;
        };
    }
}
