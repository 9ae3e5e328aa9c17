package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;

/** pg_attribute, pg_attrdef, pg_type and pg_collation: columns, their defaults and their types. */
final class ColumnTables {
    private static final SqlType OID = SqlType.INT8;
    private static final SqlType NAME = SqlType.TEXT;
    private static final SqlType CHAR = SqlType.TEXT;
    private static final SqlType BOOL = SqlType.BOOL;
    private static final SqlType INT2 = SqlType.INT2;
    private static final SqlType INT4 = SqlType.INT4;

    private ColumnTables() {
    }

    /** The collation of a column of type {@code t}: the database default for strings, none otherwise. */
    static long collationOf(SqlType t) {
        return t.kind().isString() ? Oids.DEFAULT_COLLATION : 0;
    }

    static SystemTable attribute() {
        return new SystemTable.Columns()
            .col("attrelid", OID).col("attname", NAME).col("atttypid", OID).col("attstattarget", INT4)
            .col("attlen", INT2).col("attnum", INT2).col("attndims", INT4).col("attcacheoff", INT4)
            .col("atttypmod", INT4).col("attbyval", BOOL).col("attalign", CHAR).col("attstorage", CHAR)
            .col("attcompression", CHAR).col("attnotnull", BOOL).col("atthasdef", BOOL)
            .col("atthasmissing", BOOL).col("attidentity", CHAR).col("attgenerated", CHAR)
            .col("attisdropped", BOOL).col("attislocal", BOOL).col("attinhcount", INT4)
            .col("attcollation", OID).col("attacl", SqlType.TEXT).col("attoptions", SqlType.TEXT)
            .col("attfdwoptions", SqlType.TEXT).col("attmissingval", SqlType.TEXT)
            .table("pg_catalog", "pg_attribute", ColumnTables::attributeRows);
    }

    private static List<Object[]> attributeRows(Catalog catalog) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables()) {
            for (ColumnDef c : t.visibleColumns()) {
                String identity = switch (c.identity()) {
                    case ALWAYS -> "a";
                    case BY_DEFAULT -> "d";
                    case NONE, SERIAL -> "";
                };
                out.add(attribute(Oids.table(t.id()), c, c.position(), c.notNull(), Defaults.text(c) != null,
                    c.missingValue() != null, identity));
            }
            for (IndexDef i : Relations.visibleIndexes(t)) {
                for (int k = 0; k < i.columnIds().size(); k++) {
                    ColumnDef c = t.columnById(i.columnIds().get(k));
                    out.add(attribute(Oids.index(t.id(), i.id()), c, k + 1, false, false, false, ""));
                }
            }
        }
        return out;
    }

    private static Object[] attribute(long relid, ColumnDef c, int attnum, boolean notNull, boolean hasDefault,
                                      boolean hasMissing, String identity) {
        TypeKind k = c.type().kind();
        return new Object[] {relid, c.name(), (long) c.type().oid(), -1, (short) k.binaryLength(), (short) attnum,
            0, -1, c.type().typmod(), PgTypes.byValue(k), PgTypes.align(k), PgTypes.storage(k), "", notNull,
            hasDefault, hasMissing, identity, "", false, true, 0, collationOf(c.type()), null, null, null, null};
    }

    static SystemTable attrdef() {
        return new SystemTable.Columns()
            .col("oid", OID).col("adrelid", OID).col("adnum", INT2).col("adbin", SqlType.TEXT)
            .table("pg_catalog", "pg_attrdef", catalog -> {
                List<Object[]> out = new ArrayList<>();
                for (TableDef t : catalog.tables()) {
                    for (ColumnDef c : t.visibleColumns()) {
                        String text = Defaults.text(c);
                        if (text != null) {
                            out.add(new Object[] {Oids.attrDefault(t.id(), c.id()), Oids.table(t.id()),
                                (short) c.position(), text});
                        }
                    }
                }
                return out;
            });
    }

    static SystemTable type() {
        return new SystemTable.Columns()
            .col("oid", OID).col("typname", NAME).col("typnamespace", OID).col("typowner", OID)
            .col("typlen", INT2).col("typbyval", BOOL).col("typtype", CHAR).col("typcategory", CHAR)
            .col("typispreferred", BOOL).col("typisdefined", BOOL).col("typdelim", CHAR).col("typrelid", OID)
            .col("typelem", OID).col("typarray", OID).col("typalign", CHAR).col("typstorage", CHAR)
            .col("typnotnull", BOOL).col("typbasetype", OID).col("typtypmod", INT4).col("typndims", INT4)
            .col("typcollation", OID).col("typdefault", SqlType.TEXT).col("typacl", SqlType.TEXT)
            .table("pg_catalog", "pg_type", catalog -> {
                List<Object[]> out = new ArrayList<>();
                for (TypeKind k : TypeKind.values()) {
                    out.add(new Object[] {(long) k.oid(), PgTypes.name(k), Oids.PG_CATALOG_NAMESPACE,
                        Oids.OWNER_ROLE, (short) k.binaryLength(), PgTypes.byValue(k), k == TypeKind.UNKNOWN ? "p" : "b",
                        PgTypes.category(k), PgTypes.preferred(k), true, ",", 0L, 0L, PgTypes.arrayOid(k),
                        PgTypes.align(k), PgTypes.storage(k), false, 0L, -1, 0, collationOf(SqlType.of(k)), null,
                        null});
                }
                return out;
            });
    }

    static SystemTable collation() {
        return new SystemTable.Columns()
            .col("oid", OID).col("collname", NAME).col("collnamespace", OID).col("collowner", OID)
            .col("collprovider", CHAR).col("collisdeterministic", BOOL).col("collencoding", INT4)
            .col("collcollate", SqlType.TEXT).col("collctype", SqlType.TEXT)
            .table("pg_catalog", "pg_collation", c -> List.of(
                new Object[] {Oids.DEFAULT_COLLATION, "default", Oids.PG_CATALOG_NAMESPACE, Oids.OWNER_ROLE, "d",
                    true, -1, null, null},
                new Object[] {Oids.C_COLLATION, "C", Oids.PG_CATALOG_NAMESPACE, Oids.OWNER_ROLE, "c", true, -1,
                    "C", "C"},
                new Object[] {Oids.POSIX_COLLATION, "POSIX", Oids.PG_CATALOG_NAMESPACE, Oids.OWNER_ROLE, "c", true,
                    -1, "POSIX", "POSIX"}));
    }
}
