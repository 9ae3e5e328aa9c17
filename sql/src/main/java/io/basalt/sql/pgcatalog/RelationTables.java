package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** pg_namespace, pg_class, pg_index and pg_am: the schemas and the relations in them. */
final class RelationTables {
    private static final SqlType OID = SqlType.INT8;
    private static final SqlType NAME = SqlType.TEXT;
    private static final SqlType CHAR = SqlType.TEXT;
    private static final SqlType BOOL = SqlType.BOOL;
    private static final SqlType INT2 = SqlType.INT2;
    private static final SqlType INT4 = SqlType.INT4;

    private RelationTables() {
    }

    static SystemTable namespace() {
        return new SystemTable.Columns()
            .col("oid", OID).col("nspname", NAME).col("nspowner", OID).col("nspacl", SqlType.TEXT)
            .table("pg_catalog", "pg_namespace", c -> List.of(
                new Object[] {Oids.PG_CATALOG_NAMESPACE, "pg_catalog", Oids.OWNER_ROLE, null},
                new Object[] {Oids.PUBLIC_NAMESPACE, "public", Oids.DATABASE_OWNER_ROLE, null},
                new Object[] {Oids.INFORMATION_SCHEMA_NAMESPACE, "information_schema", Oids.OWNER_ROLE, null}));
    }

    static SystemTable am() {
        return new SystemTable.Columns()
            .col("oid", OID).col("amname", NAME).col("amhandler", OID).col("amtype", CHAR)
            .table("pg_catalog", "pg_am", c -> List.of(
                new Object[] {Oids.HEAP_AM, "heap", 3L, "t"},
                new Object[] {Oids.BTREE_AM, "btree", 330L, "i"},
                new Object[] {Oids.HASH_AM, "hash", 331L, "i"}));
    }

    static SystemTable pgClass() {
        return new SystemTable.Columns()
            .col("oid", OID).col("relname", NAME).col("relnamespace", OID).col("reltype", OID)
            .col("reloftype", OID).col("relowner", OID).col("relam", OID).col("relfilenode", OID)
            .col("reltablespace", OID).col("relpages", INT4).col("reltuples", SqlType.FLOAT4)
            .col("relallvisible", INT4).col("reltoastrelid", OID).col("relhasindex", BOOL)
            .col("relisshared", BOOL).col("relpersistence", CHAR).col("relkind", CHAR).col("relnatts", INT2)
            .col("relchecks", INT2).col("relhasrules", BOOL).col("relhastriggers", BOOL)
            .col("relhassubclass", BOOL).col("relrowsecurity", BOOL).col("relforcerowsecurity", BOOL)
            .col("relispopulated", BOOL).col("relreplident", CHAR).col("relispartition", BOOL)
            .col("relrewrite", OID).col("relacl", SqlType.TEXT).col("reloptions", SqlType.TEXT)
            .col("relpartbound", SqlType.TEXT)
            .table("pg_catalog", "pg_class", RelationTables::classRows);
    }

    private static List<Object[]> classRows(Catalog catalog) {
        List<Object[]> out = new ArrayList<>();
        for (Relations.Relation r : Relations.all(catalog)) {
            TableDef t = r.table();
            long am = switch (r.kind()) {
                case TABLE -> Oids.HEAP_AM;
                case INDEX -> Oids.BTREE_AM;
                case SEQUENCE -> 0L;
            };
            int natts = switch (r.kind()) {
                case TABLE -> t.visibleColumns().size();
                case INDEX -> r.index().columnIds().size();
                case SEQUENCE -> 3;
            };
            boolean isTable = r.kind() == Relations.Kind.TABLE;
            out.add(new Object[] {r.oid(), r.name(), Oids.PUBLIC_NAMESPACE, 0L, 0L, Oids.OWNER_ROLE, am, 0L, 0L,
                0, -1f, 0, 0L, isTable && !Relations.visibleIndexes(t).isEmpty(), false, "p", r.relkind(),
                (short) natts, (short) (isTable ? t.checks().size() : 0), false,
                isTable && (!t.foreignKeys().isEmpty() || !catalog.referencing(t.id()).isEmpty()), false, false,
                false, true, r.kind() == Relations.Kind.INDEX ? "n" : "d", false, 0L, null, null, null});
        }
        return out;
    }

    static SystemTable index() {
        return new SystemTable.Columns()
            .col("indexrelid", OID).col("indrelid", OID).col("indnatts", INT2).col("indnkeyatts", INT2)
            .col("indisunique", BOOL).col("indnullsnotdistinct", BOOL).col("indisprimary", BOOL)
            .col("indisexclusion", BOOL).col("indimmediate", BOOL).col("indisclustered", BOOL)
            .col("indisvalid", BOOL).col("indcheckxmin", BOOL).col("indisready", BOOL).col("indislive", BOOL)
            .col("indisreplident", BOOL).col("indkey", SqlType.TEXT).col("indcollation", SqlType.TEXT)
            .col("indclass", SqlType.TEXT).col("indoption", SqlType.TEXT).col("indexprs", SqlType.TEXT)
            .col("indpred", SqlType.TEXT)
            .table("pg_catalog", "pg_index", RelationTables::indexRows);
    }

    private static List<Object[]> indexRows(Catalog catalog) {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : catalog.tables()) {
            for (IndexDef i : Relations.visibleIndexes(t)) {
                StringJoiner key = new StringJoiner(" ");
                StringJoiner collation = new StringJoiner(" ");
                StringJoiner option = new StringJoiner(" ");
                for (int k = 0; k < i.columnIds().size(); k++) {
                    ColumnDef c = t.columnById(i.columnIds().get(k));
                    key.add(Integer.toString(c.position()));
                    collation.add(Long.toString(ColumnTables.collationOf(c.type())));
                    option.add(i.descending().get(k) ? "3" : "0");
                }
                short n = (short) i.columnIds().size();
                out.add(new Object[] {Oids.index(t.id(), i.id()), Oids.table(t.id()), n, n, i.unique(), false,
                    i.primary(), false, true, false, true, false, true, true, false, key.toString(),
                    collation.toString(), null, option.toString(), null, null});
            }
        }
        return out;
    }

    /** pg_inherits and pg_partitioned_table: Basalt has neither inheritance nor partitioned tables. */
    static SystemTable inherits() {
        return new SystemTable.Columns()
            .col("inhrelid", OID).col("inhparent", OID).col("inhseqno", INT4).col("inhdetachpending", BOOL)
            .table("pg_catalog", "pg_inherits", c -> List.of());
    }

    static SystemTable partitionedTable() {
        return new SystemTable.Columns()
            .col("partrelid", OID).col("partstrat", CHAR).col("partnatts", INT2).col("partdefid", OID)
            .col("partattrs", SqlType.TEXT).col("partclass", SqlType.TEXT).col("partcollation", SqlType.TEXT)
            .col("partexprs", SqlType.TEXT)
            .table("pg_catalog", "pg_partitioned_table", c -> List.of());
    }

    static SystemTable tablespace() {
        return new SystemTable.Columns()
            .col("oid", OID).col("spcname", NAME).col("spcowner", OID).col("spcacl", SqlType.TEXT)
            .col("spcoptions", SqlType.TEXT)
            .table("pg_catalog", "pg_tablespace", c -> List.of(
                new Object[] {1663L, "pg_default", Oids.OWNER_ROLE, null, null},
                new Object[] {1664L, "pg_global", Oids.OWNER_ROLE, null, null}));
    }
}
