package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.store.TableMaintenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;

/**
 * ALTER TABLE: ADD COLUMN, DROP COLUMN, ADD CONSTRAINT (PRIMARY KEY, UNIQUE, FOREIGN KEY,
 * CHECK, each validated against the rows), DROP CONSTRAINT and ALTER COLUMN's default and
 * nullability ({@link AlterColumnDdl}), applied in order; each action sees the ones before it.
 *
 * <p>ADD COLUMN with a DEFAULT evaluates it once and stores the value as the column's missing
 * value: rows written before read it without being rewritten (PostgreSQL 11's fast default).
 * A volatile default (random()) therefore gives every old row the same value, where
 * PostgreSQL would rewrite the table with a value per row; serial and identity columns are
 * the exception, and do get one sequence value per old row.
 *
 * <p>DROP COLUMN refuses (2BP01) while an index or constraint uses the column, where
 * PostgreSQL drops those indexes and constraints along: drop them first.
 */
final class AlterTableDdl {
    private AlterTableDdl() {
    }

    static void run(DdlRun run, Alter alter) {
        String name = DdlRun.tableName(alter.getTable());
        TableDef t = run.catalog().table(name);
        if (t == null) {
            if (alter.isUseTableIfExists()) {
                run.notice("00000", "relation \"" + name + "\" does not exist, skipping");
                return;
            }
            throw new SqlException("42P01", "relation \"" + name + "\" does not exist");
        }
        int id = t.id();
        for (AlterExpression e : alter.getAlterExpressions()) {
            run.ctx.checkCancelled();
            AlterOperation op = e.getOperation();
            if (op == AlterOperation.ADD && e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()) {
                for (AlterExpression.ColumnDataType cd : e.getColDataTypeList()) {
                    addColumn(run, run.catalog().tableById(id), cd, e.isUseIfNotExists());
                }
            } else if (op == AlterOperation.ADD && e.getIndex() != null) {
                addConstraint(run, run.catalog().tableById(id), e.getIndex());
            } else if (op == AlterOperation.DROP && e.getConstraintName() != null) {
                dropConstraint(run, run.catalog().tableById(id), Names.fold(e.getConstraintName()), e.isUsingIfExists(),
                    DropDdl.cascade(e.getParameters()));
            } else if (op == AlterOperation.DROP && e.getColumnName() != null) {
                dropColumn(run, run.catalog().tableById(id), Names.fold(e.getColumnName()), e.isUsingIfExists());
            } else if (AlterColumnDdl.handles(e)) {
                AlterColumnDdl.run(run, id, e);
            } else {
                throw new SqlException("0A000", "ALTER TABLE ... " + e.toString().strip() + " is not supported");
            }
        }
    }

    private static void addColumn(DdlRun run, TableDef t, AlterExpression.ColumnDataType cd, boolean ifNotExists) {
        TableBuilder b = TableBuilder.of(t);
        ColumnDdl.NewColumn nc = ColumnDdl.read(run, b, cd);
        if (t.column(nc.name()) != null) {
            if (ifNotExists) {
                run.notice("42701", "column \"" + nc.name() + "\" of relation \"" + t.name() + "\" already exists, skipping");
                return;
            }
            throw new SqlException("42701", "column \"" + nc.name() + "\" of relation \"" + t.name() + "\" already exists");
        }
        boolean perRow = nc.identity() != ColumnDef.Identity.NONE;
        Object missing = null;
        if (!perRow && nc.defaultSql() != null) {
            missing = run.compiler.compile(t, nc.defaultSql(), nc.type()).eval(run.ctx, new Object[t.columns().size()]);
        }
        ColumnDef c = nc.addTo(b, missing);
        TableDef after = b.build();
        run.put(after);
        TableMaintenance m = run.maintenance();
        if (perRow) {
            int p = after.columnIndex(c.id());
            m.rewriteRows(after, row -> {
                row[p] = Sequences.columnValue(run.sequences.next(after, c), c.type());
                return row;
            });
        } else if (c.notNull() && missing == null) {
            m.validateNotNull(after, List.of(c));
        }
        for (ColumnSpec.Inline k : nc.spec().constraints()) {
            TableDef now = run.catalog().tableById(t.id());
            switch (k) {
                case ColumnSpec.PrimaryKey p -> PrimaryKeyDdl.add(run, now, p.name(), List.of(c.name()));
                case ColumnSpec.Unique u -> addUnique(run, now, u.name(), List.of(c.name()));
                case ColumnSpec.Check x -> addCheck(run, now, x.name(), x.exprSql());
                case ColumnSpec.References r -> addForeignKey(run, now, r.name(), List.of(c.name()), r.reference());
            }
        }
    }

    private static void addConstraint(DdlRun run, TableDef t, Index ix) {
        String name = ix.getName() == null ? null : Names.fold(ix.getName());
        if (ix instanceof ForeignKeyIndex fk) {
            addForeignKey(run, t, name, ConstraintDdl.fold(fk.getColumnsNames()), fk.getReference());
            return;
        }
        if (ix instanceof CheckConstraint ck) {
            addCheck(run, t, name, ck.getExpression().toString());
            return;
        }
        String type = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (type) {
            case "PRIMARY KEY" -> PrimaryKeyDdl.add(run, t, name, ConstraintDdl.fold(ix.getColumnsNames()));
            case "UNIQUE", "UNIQUE KEY" -> addUnique(run, t, name, ConstraintDdl.fold(ix.getColumnsNames()));
            default -> throw new SqlException("0A000", "ALTER TABLE ... ADD " + ix + " is not supported");
        }
    }

    private static void addUnique(DdlRun run, TableDef t, String name, List<String> columns) {
        TableBuilder b = TableBuilder.of(t);
        IndexDef ix = ConstraintDdl.addUnique(run, b, name, ConstraintDdl.keyColumns(b, columns, "unique"));
        TableDef after = b.build();
        run.put(after);
        run.maintenance().buildIndex(after, ix);
    }

    private static void addCheck(DdlRun run, TableDef t, String name, String sql) {
        TableBuilder b = TableBuilder.of(t);
        CheckDef c = ConstraintDdl.addCheck(run, b, name, sql);
        TableDef after = b.build();
        run.put(after);
        run.maintenance().validateCheck(after, c);
    }

    private static void addForeignKey(DdlRun run, TableDef t, String name, List<String> columns,
                                      net.sf.jsqlparser.statement.create.table.ForeignKeyReference ref) {
        TableBuilder b = TableBuilder.of(t);
        ForeignKeyDef fk = ConstraintDdl.addForeignKey(run, b, name, columns, ref);
        TableDef after = b.build();
        run.put(after);
        run.maintenance().validateForeignKey(after, fk);
    }

    private static void dropConstraint(DdlRun run, TableDef t, String name, boolean ifExists, boolean cascade) {
        TableBuilder b = TableBuilder.of(t);
        if (b.checks().removeIf(c -> c.name().equals(name)) || b.foreignKeys().removeIf(f -> f.name().equals(name))) {
            run.put(b.build());
            return;
        }
        IndexDef ix = t.indexes().stream().filter(i -> i.constraint() && i.name().equals(name)).findFirst().orElse(null);
        if (ix == null) {
            if (ifExists) {
                run.notice("00000", "constraint \"" + name + "\" of relation \"" + t.name() + "\" does not exist, skipping");
                return;
            }
            throw new SqlException("42704", "constraint \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        if (ix.primary()) {
            PrimaryKeyDdl.drop(run, t, cascade);
            return;
        }
        DropDdl.dropDependentForeignKeys(run, DropDdl.referencesThrough(run.catalog(), t, ix),
            "constraint " + name + " on table " + t.name(), "index " + name, cascade);
        b = TableBuilder.of(run.catalog().tableById(t.id()));
        b.removeIndex(ix.id());
        run.maintenance().deleteIndex(t.id(), ix.id());
        run.put(b.build());
    }

    private static void dropColumn(DdlRun run, TableDef t, String name, boolean ifExists) {
        ColumnDef c = t.column(name);
        if (c == null) {
            if (ifExists) {
                run.notice("00000", "column \"" + name + "\" of relation \"" + t.name() + "\" does not exist, skipping");
                return;
            }
            throw new SqlException("42703", "column \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        List<String> dependents = dependents(run.catalog(), t, c);
        if (!dependents.isEmpty()) {
            List<String> lines = dependents.stream().map(d -> d + " depends on column " + name + " of table " + t.name())
                .toList();
            throw new SqlException("2BP01", "cannot drop column " + name + " of table " + t.name()
                + " because other objects depend on it", String.join("\n", lines),
                "Drop them first: Basalt does not drop indexes and constraints along with a column.", 0, null);
        }
        TableBuilder b = TableBuilder.of(t);
        b.removeColumn(c.id());
        run.put(b.build());
        DropDdl.deleteSequences(run.maintenance(), t, List.of(c));
    }

    /** What uses column {@code c}: indexes, the table's constraints, foreign keys of other tables. */
    private static List<String> dependents(Catalog catalog, TableDef t, ColumnDef c) {
        List<String> out = new ArrayList<>();
        for (IndexDef ix : t.indexes()) {
            if (ix.covers(c.id())) {
                out.add((ix.constraint() ? "constraint " : "index ") + ix.name());
            }
        }
        for (ForeignKeyDef fk : t.foreignKeys()) {
            if (fk.columnIds().contains(c.id())) {
                out.add("constraint " + fk.name());
            }
        }
        for (Catalog.Reference r : catalog.referencing(t.id())) {
            if (r.fk().refColumnIds().contains(c.id()) && r.table().id() != t.id()) {
                out.add("constraint " + r.fk().name() + " on table " + r.table().name());
            }
        }
        for (CheckDef k : t.checks()) {
            if (SqlText.columnsOf(k.exprSql()).contains(c.name())) {
                out.add("constraint " + k.name());
            }
        }
        return out;
    }
}
