package io.basalt.sql.store;

import io.basalt.sql.catalog.CheckDef;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.RowExpr;
import io.basalt.sql.exec.TableExprCompiler;
import io.basalt.sql.types.RowCodec;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What reading and writing rows of one table version needs, computed once per
 * {@link TableDef}: column ids and types in row order, the values rows written before a column
 * existed show, and the layout of every index.
 *
 * <p>A row's stored value is {@link RowCodec}'s encoding of its columns by id. A column added
 * later is missing from the rows written before it, and reads as its
 * {@link ColumnDef#missingValue()} (the DEFAULT it was added with), so ADD COLUMN rewrites
 * no row; a dropped column's value stays in old rows, unread, until the row is next written.
 *
 * <p>CHECK constraints and column defaults are compiled on first use and kept with the
 * layout, so they are compiled once per table version, not once per row.
 */
final class TableLayout {
    final TableDef table;
    final int[] columnIds;
    final SqlType[] types;
    final Object[] missing;
    final IndexLayout primary;
    final List<IndexLayout> secondaries;
    final int hiddenPosition;
    private final TableExprCompiler compiler;
    private volatile List<Check> checks;
    private final RowExpr[] defaults;

    /** A compiled CHECK constraint. */
    record Check(CheckDef def, RowExpr expr) {
    }

    TableLayout(TableDef table, TableExprCompiler compiler) {
        this.table = table;
        this.compiler = compiler;
        int n = table.columns().size();
        columnIds = new int[n];
        types = new SqlType[n];
        missing = new Object[n];
        int hidden = -1;
        for (int i = 0; i < n; i++) {
            ColumnDef c = table.columns().get(i);
            columnIds[i] = c.id();
            types[i] = c.type();
            missing[i] = c.missingValue();
            if (c.hidden()) {
                hidden = i;
            }
        }
        hiddenPosition = hidden;
        primary = new IndexLayout(table, table.primaryIndex());
        List<IndexLayout> s = new ArrayList<>();
        for (IndexDef ix : table.indexes()) {
            if (!ix.primary()) {
                s.add(new IndexLayout(table, ix));
            }
        }
        secondaries = List.copyOf(s);
        defaults = new RowExpr[n];
    }

    /** The table's CHECK constraints, compiled, in name order (the order PostgreSQL evaluates them in). */
    List<Check> checks() {
        List<Check> c = checks;
        if (c == null) {
            List<Check> compiled = new ArrayList<>();
            List<CheckDef> defs = new ArrayList<>(table.checks());
            defs.sort(Comparator.comparing(CheckDef::name));
            for (CheckDef d : defs) {
                compiled.add(new Check(d, compiler.compile(table, d.exprSql(), SqlType.BOOL)));
            }
            c = List.copyOf(compiled);
            checks = c;
        }
        return c;
    }

    /** The DEFAULT of the column at {@code position}, compiled; null when it has none. */
    RowExpr defaultOf(int position) {
        ColumnDef c = table.columns().get(position);
        if (c.defaultSql() == null) {
            return null;
        }
        synchronized (defaults) {
            if (defaults[position] == null) {
                defaults[position] = compiler.compile(table, c.defaultSql(), c.type());
            }
            return defaults[position];
        }
    }

    IndexLayout layoutOf(IndexDef index) {
        if (index.id() == primary.index.id()) {
            return primary;
        }
        for (IndexLayout l : secondaries) {
            if (l.index.id() == index.id()) {
                return l;
            }
        }
        throw new IllegalArgumentException("table " + table.name() + " has no index " + index.name());
    }

    /** The stored value of {@code row}. */
    byte[] encodeRow(Object[] row) {
        return RowCodec.encode(columnIds, row, types);
    }

    /** The row a stored value holds, in this version's column order, with missing columns filled. */
    Object[] decodeRow(byte[] value) {
        return RowCodec.decode(value, columnIds, types, missing);
    }
}
