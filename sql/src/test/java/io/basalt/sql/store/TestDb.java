package io.basalt.sql.store;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.CatalogStore;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.DdlExecutor;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.Sequences;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.txn.Isolation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * A node's SQL storage wired over {@link MemoryKv}, with a small session for tests: DDL by
 * SQL text, and rows written and read through the {@link KvTableStore} the way the executor
 * will, with the values of a table's visible columns in order.
 */
public final class TestDb {
    public final MemoryKv kv = new MemoryKv();
    public final TinyExprCompiler compiler = new TinyExprCompiler();
    public final Sequences sequences = new Sequences(kv);
    public final CatalogStore catalogs = new CatalogStore(kv);
    public final KvTableStore store = new KvTableStore(compiler, sequences);
    public final DdlExecutor ddl = new DdlExecutor(catalogs, sequences, store, compiler);

    /** Runs {@code sql} (DDL) in its own transaction and commits; returns the result with the notices. */
    public Result ddl(String sql) {
        try (Tx tx = begin()) {
            Result r = tx.ddl(sql);
            tx.commit();
            return r;
        }
    }

    /** Runs {@code body} in a transaction and commits it if it returns normally. */
    public void tx(Consumer<Tx> body) {
        try (Tx tx = begin()) {
            body.accept(tx);
            tx.commit();
        }
    }

    public Tx begin() {
        return new Tx(kv.begin(false, Isolation.SERIALIZABLE));
    }

    /** The committed catalog. */
    public Catalog catalog() {
        try (Tx tx = begin()) {
            return tx.catalog();
        }
    }

    /** The visible rows of {@code table}, committed, in primary key order. */
    public List<List<Object>> rows(String table) {
        try (Tx tx = begin()) {
            return tx.rows(table);
        }
    }

    /** One transaction and the statement contexts made in it. */
    public final class Tx implements AutoCloseable {
        public final KvTxn txn;
        public final List<Notice> notices = new ArrayList<>();

        Tx(KvTxn txn) {
            this.txn = txn;
        }

        public Catalog catalog() {
            return catalogs.load(txn);
        }

        /** A statement's context against the catalog as this transaction sees it now. */
        public ExecContext ctx() {
            return new ExecContext(() -> txn, catalog(), List.of(), ZoneOffset.UTC, Instant.EPOCH, () -> false);
        }

        /** Runs DDL; TRUNCATE's RESTART IDENTITY, which JSqlParser does not read, is taken off here. */
        public Result ddl(String sql) {
            boolean restartIdentity = sql.contains(" RESTART IDENTITY");
            String parsed = sql.replace(" RESTART IDENTITY", "");
            Statement st;
            try {
                st = CCJSqlParserUtil.newParser(parsed).Statement();
            } catch (Exception e) {
                throw new IllegalArgumentException(sql, e);
            }
            ExecContext ctx = ctx();
            Result r = switch (st) {
                case CreateTable ct -> ddl.createTable(ctx, txn, ct);
                case CreateIndex ci -> ddl.createIndex(ctx, txn, ci);
                case Drop d -> ddl.drop(ctx, txn, d);
                case Alter a -> ddl.alter(ctx, txn, a);
                case Truncate t -> ddl.truncate(ctx, txn, t, restartIdentity);
                default -> throw new IllegalArgumentException("not DDL: " + sql);
            };
            notices.addAll(ctx.notices());
            return new Result(r.columns(), r.rows(), r.commandTag(), List.copyOf(ctx.notices()), r.parameterChanges());
        }

        public TableDef table(String name) {
            TableDef t = catalog().table(name);
            if (t == null) {
                throw new SqlException("42P01", "relation \"" + name + "\" does not exist");
            }
            return t;
        }

        /** Inserts the visible columns' {@code values}; serial and identity columns given null take their sequence's next value. */
        public void insert(String table, Object... values) {
            ExecContext ctx = ctx();
            TableDef t = table(table);
            store.insert(ctx, t, fullRow(ctx, t, values));
        }

        /** Replaces the row whose primary key is {@code pk} by one with the visible {@code values}. */
        public void update(String table, Object[] pk, Object... values) {
            ExecContext ctx = ctx();
            TableDef t = table(table);
            Object[] old = store.get(ctx, t, pk, io.basalt.sql.store.RowLock.UPDATE);
            Object[] row = fullRow(ctx, t, values);
            if (t.hiddenRowId() != null) {
                row[t.columnIndex(t.hiddenRowId().id())] = old[t.columnIndex(t.hiddenRowId().id())];
            }
            store.update(ctx, t, old, row);
        }

        public void delete(String table, Object... pk) {
            ExecContext ctx = ctx();
            TableDef t = table(table);
            store.delete(ctx, t, store.get(ctx, t, pk, io.basalt.sql.store.RowLock.UPDATE));
        }

        /** The visible values of every row of {@code table}, in primary key order. */
        public List<List<Object>> rows(String table) {
            TableDef t = table(table);
            return visible(t, store.scan(ctx(), t, t.primaryIndex(), null, null, io.basalt.sql.store.RowLock.NONE));
        }

        /** The visible values of the rows of {@code table} between the bounds on {@code index}, in index order. */
        public List<List<Object>> scan(String table, String index, KeyBound lower, KeyBound upper) {
            TableDef t = table(table);
            IndexDef ix = t.index(index);
            return visible(t, store.scan(ctx(), t, ix, lower, upper, io.basalt.sql.store.RowLock.NONE));
        }

        /** Keys of {@code table} (rows and index entries) as this transaction sees them. */
        public int keyCount(int tableId) {
            byte[] p = SqlKeys.tablePrefix(tableId);
            try {
                return txn.scan(p, SqlKeys.prefixEnd(p), 0).size();
            } catch (KvException e) {
                throw new IllegalStateException(e);
            }
        }

        public void commit() {
            try {
                txn.commit();
            } catch (KvException e) {
                throw KvErrors.toSql(e);
            }
        }

        public void abort() {
            try {
                txn.abort();
            } catch (KvException e) {
                throw KvErrors.toSql(e);
            }
        }

        @Override
        public void close() {
            txn.close();
        }

        private Object[] fullRow(ExecContext ctx, TableDef t, Object[] values) {
            List<ColumnDef> visible = t.visibleColumns();
            if (values.length != visible.size()) {
                throw new IllegalArgumentException(t.name() + " has " + visible.size() + " visible columns");
            }
            Object[] row = new Object[t.columns().size()];
            for (int i = 0; i < visible.size(); i++) {
                ColumnDef c = visible.get(i);
                Object v = values[i];
                if (v == null && c.generated()) {
                    v = Sequences.columnValue(sequences.next(ctx, c.sequenceName()), c.type());
                }
                row[t.columnIndex(c.id())] = v;
            }
            return row;
        }

        private List<List<Object>> visible(TableDef t, Iterator<Object[]> it) {
            List<List<Object>> out = new ArrayList<>();
            while (it.hasNext()) {
                Object[] row = it.next();
                List<Object> v = new ArrayList<>();
                for (ColumnDef c : t.visibleColumns()) {
                    v.add(row[t.columnIndex(c.id())]);
                }
                out.add(v);
            }
            return out;
        }
    }
}
