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
 *
 * <p>{@code sequence} holds the options of the column's sequence when they differ from the
 * defaults for its type (null otherwise, and for columns without a sequence).
 */
public record ColumnDef(int id, int position, String name, SqlType type, boolean notNull, String defaultSql,
                        Identity identity, String sequenceName, boolean hidden, Object missingValue,
                        SequenceDef sequence) {
    /** How a column gets generated values. */
    public enum Identity { NONE, SERIAL, ALWAYS, BY_DEFAULT }

    /** A column without a missing value (present since the table was created). */
    public ColumnDef(int id, int position, String name, SqlType type, boolean notNull, String defaultSql,
                     Identity identity, String sequenceName, boolean hidden) {
        this(id, position, name, type, notNull, defaultSql, identity, sequenceName, hidden, null, null);
    }

    /** A column with default sequence options. */
    public ColumnDef(int id, int position, String name, SqlType type, boolean notNull, String defaultSql,
                     Identity identity, String sequenceName, boolean hidden, Object missingValue) {
        this(id, position, name, type, notNull, defaultSql, identity, sequenceName, hidden, missingValue, null);
    }

    /** This column with NOT NULL set or dropped. */
    public ColumnDef withNotNull(boolean on) {
        return new ColumnDef(id, position, name, type, on, defaultSql, identity, sequenceName, hidden, missingValue,
            sequence);
    }

    /** This column with DEFAULT {@code sql} (null: none) and generated values as {@code how}. */
    public ColumnDef withDefault(String sql, Identity how) {
        return new ColumnDef(id, position, name, type, notNull, sql, how, sequenceName, hidden, missingValue, sequence);
    }

    /** This column with sequence options {@code s}. */
    public ColumnDef withSequence(SequenceDef s) {
        return new ColumnDef(id, position, name, type, notNull, defaultSql, identity, sequenceName, hidden,
            missingValue, s);
    }

    /** True when inserts fill the column from its sequence unless given a value. */
    public boolean generated() {
        return identity != Identity.NONE;
    }
}
