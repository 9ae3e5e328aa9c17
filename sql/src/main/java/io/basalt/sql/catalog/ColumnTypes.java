package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.TypeNames;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.Locale;
import net.sf.jsqlparser.statement.create.table.ColDataType;

/**
 * Column types as CREATE TABLE and ALTER TABLE ... ADD COLUMN read them: the type names casts
 * know ({@link TypeNames}), plus the serial pseudo-types, which are an integer type with a
 * sequence behind it.
 */
final class ColumnTypes {
    private ColumnTypes() {
    }

    /** A column's type and, for SERIAL, SMALLSERIAL and BIGSERIAL, that it is a serial column. */
    record ColumnType(SqlType type, boolean serial) {
    }

    static ColumnType of(ColDataType t) {
        String name = t.getDataType().strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (name) {
            case "serial", "serial4" -> {
                return new ColumnType(SqlType.INT4, true);
            }
            case "bigserial", "serial8" -> {
                return new ColumnType(SqlType.INT8, true);
            }
            case "smallserial", "serial2" -> {
                return new ColumnType(SqlType.INT2, true);
            }
            default -> {
            }
        }
        SqlType timestamp = timestampWithPrecision(name);
        if (timestamp != null) {
            return new ColumnType(timestamp, false);
        }
        return new ColumnType(TypeNames.of(t), false);
    }

    /**
     * {@code timestamp(p) [with|without time zone]} and {@code timestamptz(p)}: the precision
     * is accepted and not kept (values keep microseconds), which only matters for values
     * with more fractional digits than {@code p}.
     */
    private static SqlType timestampWithPrecision(String name) {
        int open = name.indexOf('(');
        if (open < 0 || !(name.startsWith("timestamp") || name.startsWith("timestamptz"))) {
            return null;
        }
        int close = name.indexOf(')', open);
        if (close < 0) {
            return null;
        }
        String base = name.substring(0, open).strip();
        String rest = name.substring(close + 1).strip();
        int precision;
        try {
            precision = Integer.parseInt(name.substring(open + 1, close).strip());
        } catch (NumberFormatException e) {
            throw new SqlException("42601", "invalid type modifier");
        }
        if (precision < 0) {
            throw new SqlException("22023", "TIMESTAMP(" + precision + ") precision must not be negative");
        }
        boolean zoned = switch (base + "|" + rest) {
            case "timestamp|", "timestamp|without time zone" -> false;
            case "timestamp|with time zone", "timestamptz|" -> true;
            default -> throw new SqlException("42704", "type \"" + name + "\" does not exist");
        };
        return SqlType.of(zoned ? TypeKind.TIMESTAMPTZ : TypeKind.TIMESTAMP);
    }
}
