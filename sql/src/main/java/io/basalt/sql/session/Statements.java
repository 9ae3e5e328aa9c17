package io.basalt.sql.session;

import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/** What the session must know about a statement before it is planned: does it need a read-write transaction. */
final class Statements {
    private Statements() {
    }

    /** True for writes and for reads that lock rows (FOR UPDATE / FOR SHARE), which need a read-write transaction. */
    static boolean writes(Statement s) {
        if (s instanceof Insert || s instanceof Update || s instanceof Delete || s instanceof CreateTable
            || s instanceof Drop || s instanceof CreateIndex || s instanceof Alter || s instanceof Truncate) {
            return true;
        }
        return s instanceof Select sel && (sel.getForMode() != null || sel.getForUpdateTable() != null);
    }
}
