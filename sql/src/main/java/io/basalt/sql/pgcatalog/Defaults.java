package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.ColumnDef;

/**
 * A column's DEFAULT as the catalog shows it (pg_attrdef.adbin, which pg_get_expr prints):
 * the expression as it was written, and for a serial column the call PostgreSQL stores,
 * {@code nextval('t_id_seq'::regclass)}. Identity columns have none: their values come from
 * the identity, as pg_attribute.attidentity says.
 */
public final class Defaults {
    private Defaults() {
    }

    /** The default's text, or null when the column has none. */
    public static String text(ColumnDef c) {
        if (c.hidden()) {
            return null;
        }
        if (c.identity() == ColumnDef.Identity.SERIAL) {
            return "nextval('" + regclassText(c.sequenceName()).replace("'", "''") + "'::regclass)";
        }
        return c.identity() == ColumnDef.Identity.NONE ? c.defaultSql() : null;
    }

    /** A relation's name as regclass prints it: in double quotes unless it is a plain lower-case name. */
    static String regclassText(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
