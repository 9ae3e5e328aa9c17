package io.basalt.sql.plan;

import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;

/**
 * The value a column takes when INSERT omits it or names DEFAULT (and UPDATE SET col =
 * DEFAULT): the next value of its sequence for SERIAL and IDENTITY columns, its DEFAULT
 * expression, else null. The hidden row id is left null; the store numbers it.
 */
final class Defaults {
    private Defaults() {
    }

    static Expr of(ColumnDef col, NextValue sequences) {
        if (col.hidden()) {
            return (env, row) -> null;
        }
        if (col.identity() != ColumnDef.Identity.NONE) {
            String seq = col.sequenceName();
            SqlType t = col.type();
            return (env, row) -> Casts.castForAssignment(sequences.next(env.ctx(), seq), SqlType.INT8, t);
        }
        if (col.defaultSql() == null) {
            return (env, row) -> null;
        }
        ExprCompiler catalogCompiler = new ExprCompiler();
        Bound b = catalogCompiler.inClause("DEFAULT expressions")
                .compile(ExprCompiler.parse(col.defaultSql()), Scope.empty());
        Expr e = Coercion.assignment(b, col.type(), catalogCompiler.params(), col.name()).expr();
        return (env, row) -> e.eval(env, null);
    }
}
