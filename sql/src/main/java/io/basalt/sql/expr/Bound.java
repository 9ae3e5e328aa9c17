package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import java.util.BitSet;

/**
 * An expression bound to a scope and compiled: its closure, its SQL type, and what the planner
 * needs to know about it.
 *
 * @param expr       the compiled closure
 * @param type       the result type; UNKNOWN only for an untyped literal or parameter that
 *                   context has not typed yet
 * @param kind       what the expression is syntactically, as far as typing and planning care
 * @param literal    the text of an untyped string literal (kind UNKNOWN_LITERAL; null for NULL)
 * @param param      the parameter number for kind PARAM (1-based), else 0
 * @param column     the row index for kind COLUMN, else -1
 * @param refs       row indexes of this query's row the expression reads
 * @param correlated whether it reads rows of enclosing queries
 * @param volatile_  whether two evaluations over the same row may differ (random(), a subquery)
 */
public record Bound(Expr expr, SqlType type, Kind kind, String literal, int param, int column, BitSet refs,
                    boolean correlated, boolean volatile_) {

    /** What an expression is, as far as typing and planning care. */
    public enum Kind { LITERAL, UNKNOWN_LITERAL, PARAM, COLUMN, OTHER }

    public static Bound of(Expr expr, SqlType type) {
        return new Bound(expr, type, Kind.OTHER, null, 0, -1, new BitSet(), false, false);
    }

    public static Bound literal(Object value, SqlType type) {
        return new Bound((env, row) -> value, type, Kind.LITERAL, null, 0, -1, new BitSet(), false, false);
    }

    /** The same metadata (refs, correlation) with a new closure and type, as an OTHER expression. */
    public Bound derive(Expr newExpr, SqlType newType) {
        return new Bound(newExpr, newType, Kind.OTHER, null, 0, -1, refs, correlated, volatile_);
    }

    /** An OTHER expression over {@code parts}: their refs, correlation and volatility combined. */
    public static Bound over(Expr expr, SqlType type, Bound... parts) {
        BitSet refs = new BitSet();
        boolean corr = false;
        boolean vol = false;
        for (Bound p : parts) {
            if (p != null) {
                refs.or(p.refs);
                corr |= p.correlated;
                vol |= p.volatile_;
            }
        }
        return new Bound(expr, type, Kind.OTHER, null, 0, -1, refs, corr, vol);
    }

    public Bound withVolatile() {
        return new Bound(expr, type, kind, literal, param, column, refs, correlated, true);
    }

    public Bound withCorrelated() {
        return new Bound(expr, type, kind, literal, param, column, refs, true, volatile_);
    }

    public boolean isUnknown() {
        return type.kind() == io.basalt.sql.types.TypeKind.UNKNOWN;
    }

    /** True for an untyped literal or parameter whose type context decides. */
    public boolean isUntyped() {
        return isUnknown() && (kind == Kind.UNKNOWN_LITERAL || kind == Kind.PARAM);
    }

    /** True when the value does not depend on this query's row (it may still read parameters). */
    public boolean independentOfRow() {
        return refs.isEmpty();
    }
}
