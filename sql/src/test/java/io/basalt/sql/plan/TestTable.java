package io.basalt.sql.plan;

import io.basalt.sql.catalog.CheckDef;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Builds a TableDef by hand, as CREATE TABLE would: a table without a primary key gets a hidden row id. */
final class TestTable {
    private final String name;
    private final List<ColumnDef> columns = new ArrayList<>();
    private final List<IndexDef> indexes = new ArrayList<>();
    private final List<CheckDef> checks = new ArrayList<>();
    private List<Integer> pk;

    private TestTable(String name) {
        this.name = name;
    }

    static TestTable table(String name) {
        return new TestTable(name);
    }

    TestTable col(String col, SqlType type) {
        return add(col, type, false, null, ColumnDef.Identity.NONE);
    }

    TestTable notNull(String col, SqlType type) {
        return add(col, type, true, null, ColumnDef.Identity.NONE);
    }

    TestTable withDefault(String col, SqlType type, String defaultSql) {
        return add(col, type, false, defaultSql, ColumnDef.Identity.NONE);
    }

    TestTable identity(String col, SqlType type, ColumnDef.Identity how) {
        return add(col, type, true, null, how);
    }

    private TestTable add(String col, SqlType type, boolean notNull, String def, ColumnDef.Identity identity) {
        int id = columns.size() + 1;
        String seq = identity == ColumnDef.Identity.NONE ? null : name + "_" + col + "_seq";
        columns.add(new ColumnDef(id, id, col, type, notNull, def, identity, seq, false));
        return this;
    }

    TestTable pk(String... cols) {
        pk = ids(cols);
        return this;
    }

    TestTable unique(String index, String... cols) {
        indexes.add(new IndexDef(0, index, ids(cols), Collections.nCopies(cols.length, false), true, false));
        return this;
    }

    TestTable index(String index, String... cols) {
        indexes.add(new IndexDef(0, index, ids(cols), Collections.nCopies(cols.length, false), false, false));
        return this;
    }

    TestTable check(String check, String sql) {
        checks.add(new CheckDef(check, sql));
        return this;
    }

    private List<Integer> ids(String... cols) {
        List<Integer> out = new ArrayList<>();
        for (String c : cols) {
            out.add(columns.stream().filter(d -> d.name().equals(c)).findFirst().orElseThrow().id());
        }
        return out;
    }

    TableDef build(int tableId) {
        List<ColumnDef> cols = new ArrayList<>(columns);
        List<Integer> key = pk;
        if (key == null) {
            int id = cols.size() + 1;
            cols.add(new ColumnDef(id, 0, "rowid", SqlType.INT8, true, null, ColumnDef.Identity.NONE, null, true));
            key = List.of(id);
        }
        List<IndexDef> all = new ArrayList<>();
        all.add(new IndexDef(IndexDef.PRIMARY_ID, name + "_pkey", key, Collections.nCopies(key.size(), false), true, true));
        for (int i = 0; i < indexes.size(); i++) {
            IndexDef ix = indexes.get(i);
            all.add(new IndexDef(i + 2, ix.name(), ix.columnIds(), ix.descending(), ix.unique(), false));
        }
        return new TableDef(tableId, name, cols, all, List.of(), checks, cols.size() + 1, all.size() + 1);
    }
}
