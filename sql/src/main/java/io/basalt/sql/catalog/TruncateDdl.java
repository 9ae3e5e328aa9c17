package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.store.TableMaintenance;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * TRUNCATE [TABLE] [ONLY] name, ... [RESTART IDENTITY] [CASCADE]: deletes every row and index
 * entry of the tables in the statement's transaction (in bounded rounds, as DROP TABLE does;
 * see {@link TableMaintenance}), so it commits or rolls back with it, as in PostgreSQL.
 *
 * <p>A table that another table's foreign key references can only be truncated together with
 * the referencing table (0A000, PostgreSQL's answer); CASCADE adds the referencing tables,
 * and theirs, with a NOTICE each. ON DELETE actions do not run: the rows are gone, not deleted.
 *
 * <p>RESTART IDENTITY restarts the tables' SERIAL and IDENTITY sequences by moving each to a
 * fresh key ({@link SequenceDef#restarted}): a catalog change, so the only form of TRUNCATE
 * that makes a new catalog version, and transactional like the rest. Without it the
 * catalog is untouched, though the statement still takes the catalog lock, which holds off
 * every other transaction as PostgreSQL's ACCESS EXCLUSIVE lock on the tables does.
 */
final class TruncateDdl {
    private TruncateDdl() {
    }

    static void run(DdlRun run, Truncate stmt, boolean restartIdentity) {
        Map<Integer, TableDef> targets = new LinkedHashMap<>();
        for (Table t : stmt.getTables()) {
            TableDef def = run.requireTable(DdlRun.tableName(t));
            targets.put(def.id(), def);
        }
        Deque<TableDef> todo = new ArrayDeque<>(targets.values());
        while (!todo.isEmpty()) {
            TableDef t = todo.poll();
            for (Catalog.Reference r : run.catalog().referencing(t.id())) {
                if (targets.containsKey(r.table().id())) {
                    continue;
                }
                if (!stmt.getCascade()) {
                    throw new SqlException("0A000", "cannot truncate a table referenced in a foreign key constraint",
                        "Table \"" + r.table().name() + "\" references \"" + t.name() + "\".",
                        "Truncate table \"" + r.table().name() + "\" at the same time, or use TRUNCATE ... CASCADE.",
                        0, null);
                }
                run.notice("00000", "truncate cascades to table \"" + r.table().name() + "\"");
                targets.put(r.table().id(), r.table());
                todo.add(r.table());
            }
        }
        TableMaintenance m = run.maintenance();
        for (TableDef t : targets.values()) {
            run.ctx.checkCancelled();
            m.deleteTable(t.id());
            if (restartIdentity) {
                restartSequences(run, m, t);
            }
        }
    }

    /** Moves each visible column's sequence to a fresh key and deletes the old one. */
    private static void restartSequences(DdlRun run, TableMaintenance m, TableDef t) {
        TableBuilder b = TableBuilder.of(t);
        boolean any = false;
        for (ColumnDef c : t.columns()) {
            if (c.sequenceName() != null && !c.hidden()) {
                b.replaceColumn(c.withSequence(SequenceDef.of(c).restarted()));
                m.deleteKey(Sequences.key(t, c));
                any = true;
            }
        }
        if (any) {
            run.put(b.build());
        }
    }
}
