package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;

/** information_schema.tables and information_schema.columns, for the user's tables. */
final class InformationSchema {
    private static final SqlType TEXT = SqlType.TEXT;
    private static final SqlType INT4 = SqlType.INT4;
    private static final String SCHEMA = "information_schema";
    /** character_octet_length of a string type without a length limit, as PostgreSQL reports it. */
    private static final int TEXT_OCTETS_MAX = 1073741824;
    /** The most bytes one character takes in UTF8. */
    private static final int MAX_BYTES_PER_CHAR = 4;

    private InformationSchema() {
    }

    static SystemTable tables() {
        return new SystemTable.Columns()
            .col("table_catalog", TEXT).col("table_schema", TEXT).col("table_name", TEXT).col("table_type", TEXT)
            .col("self_referencing_column_name", TEXT).col("reference_generation", TEXT)
            .col("user_defined_type_catalog", TEXT).col("user_defined_type_schema", TEXT)
            .col("user_defined_type_name", TEXT).col("is_insertable_into", TEXT).col("is_typed", TEXT)
            .col("commit_action", TEXT)
            .table(SCHEMA, "tables", catalog -> {
                List<Object[]> out = new ArrayList<>();
                for (TableDef t : catalog.tables()) {
                    out.add(new Object[] {"postgres", "public", t.name(), "BASE TABLE", null, null, null, null, null,
                        "YES", "NO", null});
                }
                return out;
            });
    }

    static SystemTable columns() {
        return new SystemTable.Columns()
            .col("table_catalog", TEXT).col("table_schema", TEXT).col("table_name", TEXT).col("column_name", TEXT)
            .col("ordinal_position", INT4).col("column_default", TEXT).col("is_nullable", TEXT)
            .col("data_type", TEXT).col("character_maximum_length", INT4).col("character_octet_length", INT4)
            .col("numeric_precision", INT4).col("numeric_precision_radix", INT4).col("numeric_scale", INT4)
            .col("datetime_precision", INT4).col("udt_catalog", TEXT).col("udt_schema", TEXT)
            .col("udt_name", TEXT).col("is_identity", TEXT).col("identity_generation", TEXT)
            .col("is_generated", TEXT).col("is_updatable", TEXT)
            .table(SCHEMA, "columns", InformationSchema::columnRows);
    }

    private static List<Object[]> columnRows(Catalog catalog) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables()) {
            for (ColumnDef c : t.visibleColumns()) {
                SqlType type = c.type();
                TypeKind k = type.kind();
                Integer charMax = (k == TypeKind.VARCHAR || k == TypeKind.BPCHAR) && type.length() >= 0
                    ? Integer.valueOf(type.length()) : null;
                Integer octets = !k.isString() ? null
                    : Integer.valueOf(charMax == null ? TEXT_OCTETS_MAX : charMax * MAX_BYTES_PER_CHAR);
                boolean identity = c.identity() == ColumnDef.Identity.ALWAYS
                    || c.identity() == ColumnDef.Identity.BY_DEFAULT;
                out.add(new Object[] {"postgres", "public", t.name(), c.name(), c.position(), Defaults.text(c),
                    c.notNull() ? "NO" : "YES", k.sqlName(), charMax, octets, numericPrecision(type),
                    precisionRadix(type), numericScale(type),
                    datetimePrecision(k),
                    "postgres", "pg_catalog", PgTypes.name(k), identity ? "YES" : "NO",
                    identity ? (c.identity() == ColumnDef.Identity.ALWAYS ? "ALWAYS" : "BY DEFAULT") : null,
                    "NEVER", "YES"});
            }
        }
        return out;
    }

    private static Integer numericPrecision(SqlType t) {
        return switch (t.kind()) {
            case INT2 -> 16;
            case INT4 -> 32;
            case INT8 -> 64;
            case FLOAT4 -> 24;
            case FLOAT8 -> 53;
            case NUMERIC -> t.precision() < 0 ? null : t.precision();
            default -> null;
        };
    }

    private static Integer datetimePrecision(TypeKind k) {
        return switch (k) {
            case TIMESTAMP, TIMESTAMPTZ -> 6;
            case DATE -> 0;
            default -> null;
        };
    }

    private static Integer precisionRadix(SqlType t) {
        if (numericPrecision(t) == null) {
            return null;
        }
        return t.kind() == TypeKind.NUMERIC ? 10 : 2;
    }

    private static Integer numericScale(SqlType t) {
        return switch (t.kind()) {
            case INT2, INT4, INT8 -> 0;
            case NUMERIC -> t.precision() < 0 ? null : Math.max(t.scale(), 0);
            default -> null;
        };
    }
}
