package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;

/**
 * CREATE TABLE: columns, then the primary key (or a hidden row id), UNIQUE constraints in the
 * order written, foreign keys and CHECKs, named as PostgreSQL names them.
 */
final class CreateTableDdl {
    /** Storage parameters accepted and ignored: they tune PostgreSQL's heap, which Basalt does not have. */
    private static final List<String> IGNORED_STORAGE_PARAMETERS = List.of("fillfactor");
    private static final int FILLFACTOR_MIN = 10;
    private static final int FILLFACTOR_MAX = 100;

    private CreateTableDdl() {
    }

    /** A constraint of the table, written inline or not, with its columns' folded names. */
    private record Pending(ColumnSpec.Inline constraint, List<String> columns) {
    }

    static void run(DdlRun run, CreateTable ct) {
        String name = DdlRun.tableName(ct.getTable());
        refuseUnsupported(ct);
        if (run.relationTaken(name)) {
            if (ct.isIfNotExists()) {
                run.notice("42P07", "relation \"" + name + "\" already exists, skipping");
                return;
            }
            throw new SqlException("42P07", "relation \"" + name + "\" already exists");
        }
        List<String> options = ct.getTableOptionsStrings();
        checkStorageParameters(emptyColumnList(ct) ? options.subList(1, options.size()) : options);
        TableBuilder b = TableBuilder.create(run.newTableId(), name);
        List<Pending> pending = new ArrayList<>();
        for (ColumnDefinition cd : ct.getColumnDefinitions() == null ? List.<ColumnDefinition>of()
            : ct.getColumnDefinitions()) {
            addColumn(run, b, cd, pending);
        }
        if (ct.getIndexes() != null) {
            for (Index ix : ct.getIndexes()) {
                pending.add(tableConstraint(ix));
            }
        }
        addPrimaryKey(run, b, pending);
        for (Pending p : pending) {
            switch (p.constraint()) {
                case ColumnSpec.PrimaryKey k -> {
                }
                case ColumnSpec.Unique u -> addUniqueUnlessDuplicate(run, b, u.name(), p.columns());
                case ColumnSpec.Check c -> ConstraintDdl.addCheck(run, b, c.name(), c.exprSql());
                case ColumnSpec.References r -> ConstraintDdl.addForeignKey(run, b, r.name(), p.columns(), r.reference());
            }
        }
        TableDef t = b.build();
        compileDefaults(run, t);
        run.put(t);
    }

    private static void addColumn(DdlRun run, TableBuilder b, ColumnDefinition cd, List<Pending> pending) {
        ColumnDdl.NewColumn c = ColumnDdl.read(run, b, cd);
        if (b.column(c.name()) != null) {
            throw new SqlException("42701", "column \"" + c.name() + "\" specified more than once");
        }
        c.addTo(b, null);
        for (ColumnSpec.Inline k : c.spec().constraints()) {
            pending.add(new Pending(k, List.of(c.name())));
        }
    }

    private static Pending tableConstraint(Index ix) {
        String name = ix.getName() == null ? null : Names.fold(ix.getName());
        if (ix instanceof ForeignKeyIndex fk) {
            return new Pending(new ColumnSpec.References(name, fk.getReference()), ConstraintDdl.fold(fk.getColumnsNames()));
        }
        if (ix instanceof CheckConstraint ck) {
            return new Pending(new ColumnSpec.Check(name, ck.getExpression().toString()), List.of());
        }
        String type = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        List<String> columns = ConstraintDdl.fold(ix.getColumnsNames());
        return switch (type) {
            case "PRIMARY KEY" -> new Pending(new ColumnSpec.PrimaryKey(name), columns);
            case "UNIQUE", "UNIQUE KEY" -> new Pending(new ColumnSpec.Unique(name), columns);
            default -> throw new SqlException("0A000", "table constraint \"" + ix + "\" is not supported");
        };
    }

    /** The one PRIMARY KEY, inline or not (42P16 for a second), or the hidden row id. */
    private static void addPrimaryKey(DdlRun run, TableBuilder b, List<Pending> pending) {
        Pending pk = null;
        for (Pending p : pending) {
            if (p.constraint() instanceof ColumnSpec.PrimaryKey) {
                if (pk != null) {
                    throw new SqlException("42P16", "multiple primary keys for table \"" + b.name() + "\" are not allowed");
                }
                pk = p;
            }
        }
        if (pk == null) {
            String seq = ConstraintNames.sequence(b.name(), TableBuilder.ROW_ID_COLUMN, ConstraintDdl.relationTaken(run, b));
            ColumnDef rowId = b.addRowId(seq);
            b.setPrimary(ConstraintNames.make(b.name(), TableBuilder.ROW_ID_COLUMN, "pkey"), List.of(rowId.id()),
                List.of(false));
            return;
        }
        List<Integer> cols = ConstraintDdl.keyColumns(b, pk.columns(), "primary key");
        String name = ConstraintDdl.indexConstraintName(run, b, pk.constraint().name(),
            ConstraintNames.primaryKey(b.name(), ConstraintDdl.relationTaken(run, b)));
        for (int id : cols) {
            ColumnDef c = b.columnById(id);
            if (!c.notNull()) {
                b.replaceColumn(withNotNull(c));
            }
        }
        b.setPrimary(name, cols, Collections.nCopies(cols.size(), false));
    }

    /** PostgreSQL makes one index for UNIQUE on the primary key's or an earlier UNIQUE's columns, when unnamed. */
    private static void addUniqueUnlessDuplicate(DdlRun run, TableBuilder b, String name, List<String> columns) {
        List<Integer> cols = ConstraintDdl.keyColumns(b, columns, "unique");
        if (name == null) {
            for (IndexDef ix : b.indexes()) {
                if (ix.unique() && ix.constraint() && ix.columnIds().equals(cols)) {
                    return;
                }
            }
        }
        ConstraintDdl.addUnique(run, b, name, cols);
    }

    /** Compiles every DEFAULT once, so a bad one fails CREATE TABLE rather than the first INSERT. */
    private static void compileDefaults(DdlRun run, TableDef t) {
        for (ColumnDef c : t.columns()) {
            if (c.defaultSql() != null) {
                run.compiler.compile(t, c.defaultSql(), c.type());
            }
        }
    }

    static ColumnDef withNotNull(ColumnDef c) {
        return c.withNotNull(true);
    }

    private static void refuseUnsupported(CreateTable ct) {
        List<String> opts = ct.getCreateOptionsStrings() == null ? List.of() : ct.getCreateOptionsStrings();
        for (String o : opts) {
            String u = o.toUpperCase(Locale.ROOT);
            if (u.equals("TEMP") || u.equals("TEMPORARY") || u.equals("LOCAL") || u.equals("GLOBAL")) {
                throw new SqlException("0A000", "temporary tables are not supported");
            }
        }
        if (ct.getSelect() != null) {
            throw new SqlException("0A000", "CREATE TABLE ... AS is not supported");
        }
        if (ct.getLikeTable() != null || ct.getOfType() != null
            || (ct.getColumnDefinitions() == null && !emptyColumnList(ct))) {
            throw new SqlException("0A000", "CREATE TABLE without a column list (LIKE, OF, PARTITION OF) is not supported");
        }
        if (ct.getPartitioning() != null || ct.getPartitionOf() != null) {
            throw new SqlException("0A000", "partitioned tables are not supported: tables are sharded by primary key");
        }
    }

    /**
     * True for {@code CREATE TABLE t ()}, a table without columns, which PostgreSQL allows.
     * JSqlParser gives it no column list, as it gives {@code CREATE TABLE t} with nothing
     * after the name, and keeps the {@code ()} as the first table option.
     */
    private static boolean emptyColumnList(CreateTable ct) {
        List<String> options = ct.getTableOptionsStrings();
        return ct.getColumnDefinitions() == null && options != null && !options.isEmpty()
            && options.get(0).equals("()");
    }

    /** {@code WITH (fillfactor=100)} is accepted and ignored; other parameters are 22023 as in PostgreSQL. */
    private static void checkStorageParameters(List<String> options) {
        if (options == null || options.isEmpty()) {
            return;
        }
        String joined = String.join(" ", options).strip();
        if (!joined.toUpperCase(Locale.ROOT).startsWith("WITH")) {
            throw new SqlException("0A000", "table option \"" + joined + "\" is not supported");
        }
        String list = joined.substring(4).strip();
        if (list.startsWith("(") && list.endsWith(")")) {
            list = list.substring(1, list.length() - 1);
        }
        for (String item : list.split(",")) {
            String[] kv = item.split("=", 2);
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            if (!IGNORED_STORAGE_PARAMETERS.contains(key)) {
                throw new SqlException("22023", "unrecognized parameter \"" + key + "\"");
            }
            int value;
            try {
                value = Integer.parseInt(kv.length > 1 ? kv[1].strip() : "");
            } catch (NumberFormatException e) {
                throw new SqlException("22023", "invalid value for integer option \"" + key + "\": "
                    + (kv.length > 1 ? kv[1].strip() : ""));
            }
            if (value < FILLFACTOR_MIN || value > FILLFACTOR_MAX) {
                throw new SqlException("22023", "value " + value + " out of bounds for option \"" + key + "\"",
                    "Valid values are between \"" + FILLFACTOR_MIN + "\" and \"" + FILLFACTOR_MAX + "\".", null, 0, null);
            }
        }
    }
}
