package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.ArrayExprs;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** pg_constraint. Array columns (conkey, confkey) hold their text form, {@code {1,2}}. */
final class ConstraintTables {
    private static final SqlType OID = SqlType.INT8;
    private static final SqlType CHAR = SqlType.TEXT;
    private static final SqlType BOOL = SqlType.BOOL;

    private ConstraintTables() {
    }

    static SystemTable constraint() {
        return new SystemTable.Columns()
            .col("oid", OID).col("conname", SqlType.TEXT).col("connamespace", OID).col("contype", CHAR)
            .col("condeferrable", BOOL).col("condeferred", BOOL).col("convalidated", BOOL).col("conrelid", OID)
            .col("contypid", OID).col("conindid", OID).col("conparentid", OID).col("confrelid", OID)
            .col("confupdtype", CHAR).col("confdeltype", CHAR).col("confmatchtype", CHAR).col("conislocal", BOOL)
            .col("coninhcount", SqlType.INT4).col("connoinherit", BOOL).col("conkey", ArrayExprs.arrayOf(TypeKind.INT2))
            .col("confkey", ArrayExprs.arrayOf(TypeKind.INT2)).col("conbin", SqlType.TEXT)
            .table("pg_catalog", "pg_constraint", ConstraintTables::rows);
    }

    private static List<Object[]> rows(Catalog catalog) {
        List<Object[]> out = new ArrayList<>();
        for (Constraints.Constraint c : Constraints.all(catalog)) {
            TableDef t = c.table();
            long indexOid = 0;
            long refTable = 0;
            String onUpdate = " ";
            String onDelete = " ";
            String match = " ";
            List<Integer> key;
            String refKey = null;
            String bin = null;
            if (c.index() != null) {
                indexOid = Oids.index(t.id(), c.index().id());
                key = c.index().columnIds();
            } else if (c.foreignKey() != null) {
                ForeignKeyDef fk = c.foreignKey();
                TableDef ref = catalog.tableById(fk.refTableId());
                IndexDef refIndex = ref == null ? null : Constraints.referencedIndex(ref, fk.refColumnIds());
                indexOid = refIndex == null ? 0 : Oids.index(ref.id(), refIndex.id());
                refTable = Oids.table(fk.refTableId());
                onUpdate = actionCode(fk.onUpdate());
                onDelete = actionCode(fk.onDelete());
                match = "s";
                key = fk.columnIds();
                refKey = ref == null ? null : attnums(ref, fk.refColumnIds());
            } else {
                key = c.check().columnNames().stream().map(n -> t.column(n)).filter(col -> col != null)
                    .map(col -> col.id()).toList();
                bin = c.check().exprSql();
            }
            out.add(new Object[] {c.oid(), c.name(), Oids.PUBLIC_NAMESPACE, c.contype(), false, false, true,
                Oids.table(t.id()), 0L, indexOid, 0L, refTable, onUpdate, onDelete, match, true, 0, false,
                attnums(t, key), refKey, bin});
        }
        return out;
    }

    /** A foreign key action as pg_constraint codes it. */
    static String actionCode(ForeignKeyDef.Action a) {
        return switch (a) {
            case NO_ACTION -> "a";
            case RESTRICT -> "r";
            case CASCADE -> "c";
            case SET_NULL -> "n";
            case SET_DEFAULT -> "d";
        };
    }

    /** The positions of columns {@code ids} of {@code t} as an int2[] prints: {@code {1,3}}. */
    private static String attnums(TableDef t, List<Integer> ids) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        for (int id : ids) {
            j.add(Integer.toString(t.columnById(id).position()));
        }
        return j.toString();
    }
}
