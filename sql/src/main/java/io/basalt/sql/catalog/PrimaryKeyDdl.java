package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.store.TableMaintenance;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * ALTER TABLE ... ADD PRIMARY KEY on a table that has a hidden row id, and DROP CONSTRAINT of a
 * primary key, which gives the table a hidden row id again. Either way the rows move to a
 * primary index keyed by the new key (rows intact; the row id column is dropped or added) and
 * every secondary index is rebuilt, since its entries name rows by primary key.
 */
final class PrimaryKeyDdl {
    private PrimaryKeyDdl() {
    }

    static void add(DdlRun run, TableDef t, String givenName, List<String> columns) {
        ColumnDef rowId = t.hiddenRowId();
        if (rowId == null) {
            throw new SqlException("42P16", "multiple primary keys for table \"" + t.name() + "\" are not allowed");
        }
        TableBuilder b = TableBuilder.of(t);
        List<Integer> cols = ConstraintDdl.keyColumns(b, columns, "primary key");
        String name = ConstraintDdl.indexConstraintName(run, b, givenName,
            ConstraintNames.primaryKey(t.name(), ConstraintDdl.relationTaken(run, b)));
        run.maintenance().validateNotNull(t, cols.stream().map(t::columnById).toList());
        for (int id : cols) {
            b.replaceColumn(CreateTableDdl.withNotNull(b.columnById(id)));
        }
        b.removeColumn(rowId.id());
        b.setPrimary(name, cols, Collections.nCopies(cols.size(), false));
        TableDef after = b.build();
        run.put(after);
        TableMaintenance m = run.maintenance();
        m.rebuildPrimary(t, after, convert(t, after));
        m.deleteKey(Sequences.key(t, rowId));
    }

    static void drop(DdlRun run, TableDef t, boolean cascade) {
        IndexDef pk = t.primaryIndex();
        List<Catalog.Reference> refs = DropDdl.referencesThrough(run.catalog(), t, pk);
        DropDdl.dropDependentForeignKeys(run, refs, "constraint " + pk.name() + " on table " + t.name(),
            "index " + pk.name(), cascade);
        TableDef before = run.catalog().tableById(t.id());
        TableBuilder b = TableBuilder.of(before);
        String seq = ConstraintNames.sequence(t.name(), TableBuilder.ROW_ID_COLUMN, ConstraintDdl.relationTaken(run, b));
        ColumnDef rowId = b.addRowId(seq);
        b.setPrimary(ConstraintNames.make(t.name(), TableBuilder.ROW_ID_COLUMN, "pkey"), List.of(rowId.id()),
            List.of(false));
        TableDef after = b.build();
        run.put(after);
        int rowIdPosition = after.columnIndex(rowId.id());
        UnaryOperator<Object[]> convert = convert(before, after);
        run.maintenance().rebuildPrimary(before, after, row -> {
            Object[] out = convert.apply(row);
            out[rowIdPosition] = run.sequences.next(after, rowId);
            return out;
        });
    }

    /** A row of {@code before} as a row of {@code after}: values by column id, NULL for new columns. */
    static UnaryOperator<Object[]> convert(TableDef before, TableDef after) {
        int[] from = new int[after.columns().size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = before.columnIndex(after.columns().get(i).id());
        }
        return row -> {
            Object[] out = new Object[from.length];
            for (int i = 0; i < from.length; i++) {
                out[i] = from[i] < 0 ? null : row[from[i]];
            }
            return out;
        };
    }
}
