package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.types.SqlType;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;

/** A column definition read for CREATE TABLE or ALTER TABLE ... ADD COLUMN. */
final class ColumnDdl {
    private ColumnDdl() {
    }

    /**
     * A column about to be added: serial and identity columns are NOT NULL and get a sequence
     * named {@code table_column_seq}.
     */
    record NewColumn(String name, SqlType type, boolean notNull, String defaultSql, ColumnDef.Identity identity,
                     String sequenceName, SequenceDef sequence, ColumnSpec spec) {
        ColumnDef addTo(TableBuilder b, Object missingValue) {
            return b.addColumn(name, type, notNull, defaultSql, identity, sequenceName, sequence, missingValue);
        }
    }

    static NewColumn read(DdlRun run, TableBuilder b, ColumnDefinition cd) {
        String col = Names.fold(cd.getColumnName());
        ColumnTypes.ColumnType type = ColumnTypes.of(cd.getColDataType());
        ColumnSpec spec = ColumnSpecParser.parse(cd, b.name());
        if (type.serial() && spec.identity() != ColumnDef.Identity.NONE) {
            throw new SqlException("42601", "both default and identity specified for column \"" + col
                + "\" of table \"" + b.name() + "\"");
        }
        if (type.serial() && spec.defaultSql() != null) {
            throw new SqlException("42601", "multiple default values specified for column \"" + col
                + "\" of table \"" + b.name() + "\"");
        }
        ColumnDef.Identity identity = type.serial() ? ColumnDef.Identity.SERIAL : spec.identity();
        String sequence = null;
        SequenceDef options = null;
        if (identity != ColumnDef.Identity.NONE) {
            if (!type.type().kind().isInteger()) {
                throw new SqlException("22023", "identity column type must be smallint, integer, or bigint");
            }
            if (spec.identityOptions() != null) {
                options = SequenceDef.resolve(spec.identityOptions(), type.type());
            }
            sequence = ConstraintNames.sequence(b.name(), col, ConstraintDdl.relationTaken(run, b));
        }
        boolean notNull = spec.notNull() || identity != ColumnDef.Identity.NONE;
        return new NewColumn(col, type.type(), notNull, spec.defaultSql(), identity, sequence, options, spec);
    }
}
