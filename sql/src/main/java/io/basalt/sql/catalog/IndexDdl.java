package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.Index;

/**
 * CREATE [UNIQUE] INDEX: plain column lists with ASC/DESC (and the NULLS order each implies).
 * The index is built from the table's rows in the statement's transaction; a unique index over
 * duplicate rows fails with 23505 and leaves nothing.
 */
final class IndexDdl {
    private IndexDdl() {
    }

    static void create(DdlRun run, CreateIndex ci) {
        refuseUnsupported(ci);
        Index idx = ci.getIndex();
        TableDef table = run.requireTable(DdlRun.tableName(ci.getTable()));
        TableBuilder b = TableBuilder.of(table);
        List<Integer> cols = new ArrayList<>();
        List<Boolean> desc = new ArrayList<>();
        for (Index.ColumnParams p : idx.getColumns()) {
            column(b, p, cols, desc);
        }
        String name;
        if (idx.getName() != null) {
            name = Names.fold(idx.getName());
            if (run.relationTaken(name)) {
                if (ci.isUsingIfNotExists()) {
                    run.notice("42P07", "relation \"" + name + "\" already exists, skipping");
                    return;
                }
                throw new SqlException("42P07", "relation \"" + name + "\" already exists");
            }
        } else {
            name = ConstraintNames.index(table.name(), ConstraintDdl.columnNames(b, cols),
                ConstraintDdl.relationTaken(run, b));
        }
        boolean unique = idx.getType() != null && idx.getType().toUpperCase(Locale.ROOT).contains("UNIQUE");
        IndexDef ix = b.addIndex(name, cols, desc, unique, false);
        TableDef after = b.build();
        run.put(after);
        run.maintenance().buildIndex(after, ix);
    }

    private static void column(TableBuilder b, Index.ColumnParams p, List<Integer> cols, List<Boolean> desc) {
        List<String> params = p.getParams() == null ? List.of() : p.getParams();
        if (p.isExpression() || p.getExpression() != null || params.stream().anyMatch(w -> w.startsWith("("))) {
            throw new SqlException("0A000", "indexes on expressions are not supported");
        }
        String n = Names.fold(p.getColumnName());
        ColumnDef c = b.column(n);
        if (c == null) {
            throw new SqlException("42703", "column \"" + n + "\" does not exist");
        }
        boolean descending = false;
        List<String> words = params;
        String nulls = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toUpperCase(Locale.ROOT);
            switch (w) {
                case "ASC" -> descending = false;
                case "DESC" -> descending = true;
                case "NULLS" -> nulls = i + 1 < words.size() ? words.get(++i).toUpperCase(Locale.ROOT) : "";
                default -> throw new SqlException("0A000", "index column option \"" + words.get(i) + "\" is not supported");
            }
        }
        if (nulls != null && !nulls.equals(descending ? "FIRST" : "LAST")) {
            throw new SqlException("0A000", "NULLS " + nulls + " with " + (descending ? "DESC" : "ASC")
                + " is not supported: NULLs sort after values ascending and before them descending");
        }
        if (cols.contains(c.id())) {
            throw new SqlException("0A000", "an index naming column \"" + n + "\" twice is not supported");
        }
        cols.add(c.id());
        desc.add(descending);
    }

    private static void refuseUnsupported(CreateIndex ci) {
        if (ci.getWhere() != null) {
            throw new SqlException("0A000", "partial indexes are not supported");
        }
        if (ci.getIncludeColumns() != null && !ci.getIncludeColumns().isEmpty()) {
            throw new SqlException("0A000", "INCLUDE columns are not supported");
        }
        String using = ci.getIndex().getUsing();
        if (using != null && !using.equalsIgnoreCase("btree") && !using.equalsIgnoreCase("hash")) {
            throw new SqlException("0A000", "access method \"" + using.toLowerCase(Locale.ROOT)
                + "\" is not supported: indexes are ordered key ranges (btree)");
        }
    }
}
