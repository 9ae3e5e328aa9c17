package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.sf.jsqlparser.statement.ReferentialAction;
import net.sf.jsqlparser.statement.create.table.ForeignKeyReference;

/**
 * Turns constraint clauses into catalog entries on a {@link TableBuilder}, for CREATE TABLE
 * and ALTER TABLE alike: names (given, or PostgreSQL's defaults), column checks, and the
 * foreign key rules PostgreSQL enforces when a constraint is declared.
 */
final class ConstraintDdl {
    private ConstraintDdl() {
    }

    /** Names an auto-chosen relation name (index) must avoid. */
    static Predicate<String> relationTaken(DdlRun run, TableBuilder b) {
        return n -> run.relationTaken(n) || b.usesName(n) || n.equals(b.name());
    }

    /** Names an auto-chosen constraint name must avoid. */
    static Predicate<String> constraintTaken(DdlRun run, TableBuilder b) {
        return n -> run.constraintTaken(n) || b.usesName(n);
    }

    /** Identifiers as written, folded. */
    static List<String> fold(List<String> written) {
        return written.stream().map(Names::fold).toList();
    }

    /** Column ids of (folded) {@code names} in {@code b}; 42703 for a missing one, 42701 for one named twice. */
    static List<Integer> keyColumns(TableBuilder b, List<String> names, String constraintKind) {
        List<Integer> ids = new ArrayList<>();
        for (String n : names) {
            ColumnDef c = b.column(n);
            if (c == null) {
                throw new SqlException("42703", "column \"" + n + "\" named in key does not exist");
            }
            if (ids.contains(c.id())) {
                throw new SqlException("42701", "column \"" + n + "\" appears twice in " + constraintKind + " constraint");
            }
            ids.add(c.id());
        }
        return ids;
    }

    static List<String> columnNames(TableBuilder b, List<Integer> ids) {
        return ids.stream().map(id -> b.columnById(id).name()).toList();
    }

    /** The name of an index-backed constraint: {@code given}, which must be a free relation name, or the default. */
    static String indexConstraintName(DdlRun run, TableBuilder b, String given, String defaultName) {
        if (given == null) {
            return defaultName;
        }
        if (relationTaken(run, b).test(given)) {
            throw new SqlException("42P07", "relation \"" + given + "\" already exists");
        }
        return given;
    }

    /** Adds a UNIQUE constraint's index and returns it. */
    static IndexDef addUnique(DdlRun run, TableBuilder b, String givenName, List<Integer> columnIds) {
        String name = indexConstraintName(run, b, givenName,
            ConstraintNames.unique(b.name(), columnNames(b, columnIds), relationTaken(run, b)));
        return b.addIndex(name, columnIds, Collections.nCopies(columnIds.size(), false), true, true);
    }

    /** Adds a CHECK constraint and returns it; the expression is compiled once to report errors now. */
    static CheckDef addCheck(DdlRun run, TableBuilder b, String givenName, String exprSql) {
        String sql = SqlText.unwrap(exprSql);
        String name = givenName;
        if (name == null) {
            Set<String> mentioned = SqlText.columnsOf(sql);
            String only = mentioned.size() == 1 ? mentioned.iterator().next() : null;
            name = ConstraintNames.check(b.name(), only, constraintTaken(run, b));
        } else if (b.hasConstraint(name)) {
            throw duplicateConstraint(name, b.name());
        }
        CheckDef c = new CheckDef(name, sql);
        b.checks().add(c);
        run.compiler.compile(b.build(), sql, SqlType.BOOL);
        return c;
    }

    /**
     * Adds a FOREIGN KEY of {@code columns} of {@code b} to {@code ref}: 42P01 when the
     * referenced table is missing, 42830 when the referenced columns have no unique index or
     * their number differs, 42804 for incompatible types.
     */
    static ForeignKeyDef addForeignKey(DdlRun run, TableBuilder b, String givenName, List<String> columns,
                                       ForeignKeyReference ref) {
        if (ref.getMatchType() != null && ref.getMatchType() != ForeignKeyReference.MatchType.SIMPLE) {
            throw new SqlException("0A000", "MATCH " + ref.getMatchType() + " foreign keys are not supported");
        }
        List<Integer> childCols = keyColumns(b, columns, "foreign key");
        String refName = DdlRun.tableName(ref.getTable());
        boolean self = refName.equals(b.name());
        TableDef refTable = self ? b.build() : run.catalog().table(refName);
        if (refTable == null) {
            throw new SqlException("42P01", "relation \"" + refName + "\" does not exist");
        }
        List<Integer> refCols = referencedColumns(refTable, ref.getReferencedColumnNames());
        if (refCols.size() != childCols.size()) {
            throw new SqlException("42830", "number of referencing and referenced columns for foreign key disagree");
        }
        if (ForeignKeys.referencedIndex(refTable, refCols) == null) {
            throw new SqlException("42830", "there is no unique constraint matching given keys for referenced table \""
                + refName + "\"");
        }
        String name = givenName;
        if (name == null) {
            name = ConstraintNames.foreignKey(b.name(), columnNames(b, childCols), constraintTaken(run, b));
        } else if (b.hasConstraint(name)) {
            throw duplicateConstraint(name, b.name());
        }
        for (int i = 0; i < childCols.size(); i++) {
            ColumnDef c = b.columnById(childCols.get(i));
            ColumnDef r = refTable.columnById(refCols.get(i));
            if (!comparable(c.type(), r.type())) {
                throw new SqlException("42804", "foreign key constraint \"" + name + "\" cannot be implemented",
                    "Key columns \"" + c.name() + "\" and \"" + r.name() + "\" are of incompatible types: "
                        + c.type().sqlName() + " and " + r.type().sqlName() + ".", null, 0, null);
            }
        }
        ForeignKeyDef fk = new ForeignKeyDef(name, childCols, refTable.id(), refCols,
            action(ref, ReferentialAction.Type.DELETE), action(ref, ReferentialAction.Type.UPDATE));
        b.foreignKeys().add(fk);
        return fk;
    }

    static SqlException duplicateConstraint(String name, String table) {
        return new SqlException("42710", "constraint \"" + name + "\" for relation \"" + table + "\" already exists");
    }

    private static List<Integer> referencedColumns(TableDef refTable, List<String> names) {
        if (names == null || names.isEmpty()) {
            if (refTable.hiddenRowId() != null) {
                throw new SqlException("42830", "there is no primary key for referenced table \"" + refTable.name() + "\"");
            }
            return refTable.primaryIndex().columnIds();
        }
        List<Integer> ids = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String raw : names) {
            String n = Names.fold(raw);
            ColumnDef c = refTable.column(n);
            if (c == null) {
                throw new SqlException("42703", "column \"" + n + "\" referenced in foreign key constraint does not exist");
            }
            if (!seen.add(c.id())) {
                throw new SqlException("42830", "there is no unique constraint matching given keys for referenced table \""
                    + refTable.name() + "\"");
            }
            ids.add(c.id());
        }
        return ids;
    }

    private static ForeignKeyDef.Action action(ForeignKeyReference ref, ReferentialAction.Type type) {
        ReferentialAction a = ref.getReferentialAction(type);
        if (a == null) {
            return ForeignKeyDef.Action.NO_ACTION;
        }
        return switch (a.getAction()) {
            case CASCADE -> ForeignKeyDef.Action.CASCADE;
            case RESTRICT -> ForeignKeyDef.Action.RESTRICT;
            case NO_ACTION -> ForeignKeyDef.Action.NO_ACTION;
            case SET_NULL -> ForeignKeyDef.Action.SET_NULL;
            case SET_DEFAULT -> ForeignKeyDef.Action.SET_DEFAULT;
        };
    }

    /** Whether values of the two types can be keys of one another (PostgreSQL needs an equality operator). */
    private static boolean comparable(SqlType a, SqlType b) {
        TypeKind x = a.kind();
        TypeKind y = b.kind();
        return x == y || (x.isInteger() && y.isInteger()) || (x.isString() && y.isString())
            || ((x == TypeKind.FLOAT4 || x == TypeKind.FLOAT8) && (y == TypeKind.FLOAT4 || y == TypeKind.FLOAT8));
    }
}
