package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.SequenceDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * pg_sequence, one row per sequence of a serial or identity column, and pg_depend with the
 * one kind of dependency clients ask about: a sequence owned by its column (deptype {@code a}
 * for a serial column, {@code i} for an identity column). Other dependencies (of indexes,
 * constraints, defaults) are not listed.
 */
final class SequenceTables {
    private static final SqlType OID = SqlType.INT8;
    /** PostgreSQL's cache setting for a sequence created without CACHE: one value at a time. */
    private static final long CACHE = 1;

    private SequenceTables() {
    }

    /** A column that owns a sequence, with its table. */
    private record Owner(TableDef table, ColumnDef column) {
    }

    private static List<Owner> owners(Catalog catalog) {
        List<Owner> out = new ArrayList<>();
        for (Relations.Relation r : Relations.all(catalog)) {
            if (r.kind() == Relations.Kind.SEQUENCE) {
                out.add(new Owner(r.table(), r.column()));
            }
        }
        return out;
    }

    static SystemTable sequence() {
        return new SystemTable.Columns()
            .col("seqrelid", OID).col("seqtypid", OID).col("seqstart", SqlType.INT8).col("seqincrement", SqlType.INT8)
            .col("seqmax", SqlType.INT8).col("seqmin", SqlType.INT8).col("seqcache", SqlType.INT8)
            .col("seqcycle", SqlType.BOOL)
            .table("pg_catalog", "pg_sequence", catalog -> {
                List<Object[]> rows = new ArrayList<>();
                for (Owner o : owners(catalog)) {
                    SequenceDef s = SequenceDef.of(o.column());
                    rows.add(new Object[] {Oids.sequence(o.table().id(), o.column().id()),
                        (long) o.column().type().oid(), s.start(), s.increment(), s.max(), s.min(), CACHE, s.cycle()});
                }
                return rows;
            });
    }

    static SystemTable depend() {
        return new SystemTable.Columns()
            .col("classid", OID).col("objid", OID).col("objsubid", SqlType.INT4).col("refclassid", OID)
            .col("refobjid", OID).col("refobjsubid", SqlType.INT4).col("deptype", SqlType.TEXT)
            .table("pg_catalog", "pg_depend", catalog -> {
                List<Object[]> rows = new ArrayList<>();
                for (Owner o : owners(catalog)) {
                    String type = o.column().identity() == ColumnDef.Identity.SERIAL ? "a" : "i";
                    rows.add(new Object[] {Oids.PG_CLASS, Oids.sequence(o.table().id(), o.column().id()), 0,
                        Oids.PG_CLASS, Oids.table(o.table().id()), o.column().position(), type});
                }
                return rows;
            });
    }
}
