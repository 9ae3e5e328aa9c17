package io.basalt.sql.exec;

/** A compiled scalar expression evaluated over one row (an array in the row source's column order). */
@FunctionalInterface
public interface RowExpr {
    Object eval(ExecContext ctx, Object[] row);
}
