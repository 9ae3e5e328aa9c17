package io.basalt.sql.catalog;

import io.basalt.sql.types.SqlType;

/**
 * One column of a table. {@code id} is stable for the life of the table (rows store values
 * by column id, so ADD/DROP COLUMN never rewrites rows); {@code position} is the 1-based
 * attnum users see (0 for the hidden row id). {@code defaultSql} is the DEFAULT expression as
 * SQL text (null: none); {@code identity} marks SERIAL/BIGSERIAL/GENERATED ... AS IDENTITY
 * columns, whose default is the next value of the table's sequence named {@code sequenceName}
 * (their {@code defaultSql} is null: callers use {@code Sequences.next}). {@code hidden} marks
 * the row id of a table declared without a primary key; it is filled from its sequence too.
 *
 * <p>{@code missingValue} is what rows written before the column existed hold (PostgreSQL's
 * attmissingval): ADD COLUMN evaluates the DEFAULT once and stores it here, so old rows show
 * it without being rewritten. Null for columns that were there when the table was created.
 */
public record ColumnDef(int id, int position, String name, SqlType type, boolean notNull, String defaultSql,
                        Identity identity, String sequenceName, boolean hidden, Object missingValue) {
    /** How a column gets generated values. */
    public enum Identity { NONE, SERIAL, ALWAYS, BY_DEFAULT }

    /** A column without a missing value (present since the table was created). */
    public ColumnDef(int id, int position, String name, SqlType type, boolean notNull, String defaultSql,
                     Identity identity, String sequenceName, boolean hidden) {
        this(id, position, name, type, notNull, defaultSql, identity, sequenceName, hidden, null);
    }

    /** True when inserts fill the column from its sequence unless given a value. */
    public boolean generated() {
        return identity != Identity.NONE;
    }
}
